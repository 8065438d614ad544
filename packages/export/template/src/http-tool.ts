import type { CallToolResult } from '@modelcontextprotocol/server';
import { checkOutbound, type OutboundPolicy, readCapped } from './outbound.js';
import { renderString, renderValue, type TemplateContext } from './template.js';

export interface HttpImpl {
  kind: 'http';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  response?: { pick?: string; maxBytes?: number };
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const MAX_BYTES = 5 * 1024 * 1024;

/** The host an http tool's URL template names (placeholders cannot move a request to another host). */
export function templateHost(urlTemplate: string): string | undefined {
  try {
    return new URL(renderString(urlTemplate, {})).host;
  } catch {
    return undefined;
  }
}

function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Renders the request from the templates, calls the upstream, and turns the answer into a tool result. */
export async function callHttpTool(
  impl: HttpImpl,
  input: Record<string, unknown>,
  secrets: Record<string, string>,
  policy: OutboundPolicy,
  timeoutMs: number,
): Promise<CallToolResult> {
  const context: TemplateContext = { input, secrets };
  const url = new URL(renderString(impl.url, context, encodeURIComponent));
  const expectedHost = templateHost(impl.url);
  if (expectedHost && url.host !== expectedHost) throw new Error('the input changed the upstream host');
  for (const [name, template] of Object.entries(impl.query ?? {})) {
    const value = renderString(template, context);
    if (value !== '') url.searchParams.set(name, value);
  }
  const headers = new Headers({ accept: 'application/json, text/plain;q=0.9, */*;q=0.5' });
  for (const [name, template] of Object.entries(impl.headers ?? {})) {
    const value = renderString(template, context);
    if (value !== '') headers.set(name, value);
  }
  let body: string | undefined;
  if (impl.body !== undefined && impl.method !== 'GET') {
    body = JSON.stringify(renderValue(impl.body, context));
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }

  await checkOutbound(url, policy);
  const res = await fetch(url, {
    method: impl.method,
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const maxBytes = Math.min(impl.response?.maxBytes ?? DEFAULT_MAX_BYTES, MAX_BYTES);
  const text = await readCapped(res, maxBytes);
  if (res.status >= 300) {
    return {
      isError: true,
      content: [{ type: 'text', text: `Upstream answered ${res.status}: ${text.slice(0, 2000)}` }],
    };
  }
  const isJson = /\bjson\b/i.test(res.headers.get('content-type') ?? '');
  if (!isJson) return { content: [{ type: 'text', text }] };
  let data: unknown = JSON.parse(text);
  if (impl.response?.pick) data = pick(data, impl.response.pick);
  return { content: [{ type: 'text', text: typeof data === 'string' ? data : JSON.stringify(data) }] };
}
