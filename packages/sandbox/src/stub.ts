import type { StubResponse } from './types.js';

/** A fetch that answers every request with `response` (never the network) and reports each request. */
export function stubFetch(response: StubResponse, onRequest?: (request: string) => void): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    onRequest?.(`${(init?.method ?? 'GET').toUpperCase()} ${url}`);
    const isText = typeof response.body === 'string';
    const headers = new Headers(response.headers ?? {});
    if (!headers.has('content-type'))
      headers.set('content-type', isText ? 'text/plain; charset=utf-8' : 'application/json');
    const status = response.status ?? 200;
    const body = [204, 205, 304].includes(status)
      ? null
      : isText
        ? (response.body as string)
        : JSON.stringify(response.body ?? null);
    return new Response(body, { status, headers });
  }) as typeof fetch;
}
