import Anthropic from '@anthropic-ai/sdk';

export interface AnthropicClientOptions {
  apiKey: string;
  /** ANTHROPIC_BASE_URL: tests point it at the local fake Messages API. */
  baseURL?: string;
  /** Per request (default 90 s). */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx and connection errors (default 2). */
  maxRetries?: number;
}

/** The one way the platform makes an Anthropic client (the planner and the api's chat). */
export function createAnthropicClient(options: AnthropicClientOptions): Anthropic {
  if (!options.apiKey) throw new Error('createAnthropicClient: apiKey is required');
  return new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs ?? 90_000,
    maxRetries: options.maxRetries ?? 2,
  });
}
