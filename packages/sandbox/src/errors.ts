import type { ToolResult } from './types.js';

/** A failure whose message is safe to show the caller (no stack, no secret values). */
export class ToolError extends Error {
  override name = 'ToolError';
}

/** Replaces every secret value (4+ chars) in a message by `[redacted]`. */
export function redactSecrets(text: string, secrets: Record<string, string>): string {
  let out = text;
  for (const value of Object.values(secrets)) {
    if (typeof value === 'string' && value.length >= 4) out = out.split(value).join('[redacted]');
  }
  return out;
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function errorResult(message: string, secrets: Record<string, string>): ToolResult {
  return {
    content: [{ type: 'text', text: truncate(redactSecrets(message, secrets), 2000) }],
    isError: true,
  };
}
