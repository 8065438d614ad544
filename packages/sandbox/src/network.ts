import { isIP } from 'node:net';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from '@bmm/http/outbound';
import { Agent, fetch as undiciFetch } from 'undici';
import { ToolError } from './errors.js';

/** `api.example.com`, `api.example.com:8443` or `*.example.com` (any subdomain, not the apex). */
export function hostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const host = url.host.toLowerCase();
  return allowedHosts.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (!e) return false;
    if (e.startsWith('*.')) return hostname.endsWith(e.slice(1)) && hostname.length > e.length - 1;
    return e.includes(':') && !e.startsWith('[') ? e === host : e.replace(/^\[|\]$/g, '') === hostname;
  });
}

const publicAgent = new Agent({ connect: { lookup: publicOnlyLookup as never }, connections: 64 });
const anyAgent = new Agent({ connections: 64 });

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const KEEP_ON_CROSS_ORIGIN = new Set(['accept', 'content-type', 'user-agent']);

export interface SafeFetchOptions {
  allowedHosts: readonly string[];
  allowPrivateNetwork: boolean;
  fetch?: typeof fetch;
}

function checkTarget(url: URL, options: SafeFetchOptions): void {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ToolError(`refused ${url.protocol} URL: only http and https are allowed`);
  }
  if (url.username || url.password) throw new ToolError('refused a URL with credentials in it');
  if (!hostAllowed(url, options.allowedHosts)) {
    throw new ToolError(`refused request to ${url.host}: not in this server's allowed hosts`);
  }
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateNetwork && isIP(literal) && isPrivateAddress(literal)) {
    throw new ToolError(`refused request to ${url.host}: private or reserved address`);
  }
}

function describeNetworkError(err: unknown, url: URL): ToolError {
  let cause: unknown = err;
  for (let i = 0; i < 5 && cause; i++) {
    if (cause instanceof PrivateAddressError)
      return new ToolError(`refused request to ${url.host}: ${cause.message}`);
    if (cause instanceof ToolError) return cause;
    cause = (cause as { cause?: unknown }).cause;
  }
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return new ToolError(`request to ${url.host} timed out or was cancelled`);
  }
  const code = (err as { cause?: { code?: string } }).cause?.code;
  return new ToolError(`request to ${url.host} failed${code ? ` (${code})` : ''}`);
}

/**
 * fetch restricted to the allowed hosts, re-checked on every redirect hop; without an injected
 * transport, addresses are checked after DNS resolution at connect time (no rebinding window).
 */
export async function safeFetch(
  input: string,
  init: RequestInit,
  options: SafeFetchOptions,
): Promise<Response> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ToolError('invalid URL');
  }
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body;
  let headers = new Headers(init.headers);
  for (let hop = 0; ; hop++) {
    checkTarget(url, options);
    let response: Response;
    try {
      const requestInit = { ...init, method, body, headers, redirect: 'manual' as const };
      response = options.fetch
        ? await options.fetch(url.href, requestInit)
        : ((await undiciFetch(url.href, {
            ...(requestInit as object),
            dispatcher: options.allowPrivateNetwork ? anyAgent : publicAgent,
          })) as unknown as Response);
    } catch (err) {
      throw describeNetworkError(err, url);
    }
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || !location) return response;
    await response.body?.cancel().catch(() => {});
    if (hop >= MAX_REDIRECTS) throw new ToolError(`too many redirects from ${url.host}`);
    const next = new URL(location, url);
    if (next.origin !== url.origin) {
      const kept = new Headers();
      for (const [k, v] of headers) if (KEEP_ON_CROSS_ORIGIN.has(k)) kept.set(k, v);
      headers = kept;
    }
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && method === 'POST')
    ) {
      method = 'GET';
      body = undefined;
      headers.delete('content-type');
    }
    url = next;
  }
}

/** Reads a body up to `maxBytes`; a bigger one is cancelled and reported. */
export async function readBodyCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new ToolError(`upstream response is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ToolError(`upstream response is larger than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
