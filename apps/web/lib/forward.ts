/**
 * Forwards one request to an upstream service and hands its answer back as is: status, body,
 * redirects (never followed) and every Set-Cookie. Done with fetch rather than a Next rewrite
 * because a rewrite to another origin tells the browser where it went (`x-middleware-rewrite`
 * names the internal URL).
 */

/** Meaningful for one connection only (RFC 9110 §7.6.1), so never passed along. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

function withoutHopByHop(source: Headers, drop: string[]): Headers {
  const headers = new Headers(source);
  const named = (source.get('connection') ?? '').split(',').map((h) => h.trim().toLowerCase());
  for (const name of [...HOP_BY_HOP, ...named, ...drop]) if (name) headers.delete(name);
  return headers;
}

export async function forward(request: Request, target: string): Promise<Response> {
  // host: fetch sets the upstream's (what the rewrite's changeOrigin did). accept-encoding: fetch
  // would decompress a compressed answer and leave its content-encoding behind, so ask for it plain.
  const headers = withoutHopByHop(request.headers, ['host', 'content-length']);
  headers.set('accept-encoding', 'identity');
  headers.set('x-forwarded-host', request.headers.get('host') ?? new URL(request.url).host);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
    });
  } catch {
    // Plain text, like any proxy's: the pages read a non-JSON 5xx as "the service is not reachable".
    return new Response('Bad Gateway: the service behind this path is not reachable.', {
      status: 502,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: withoutHopByHop(upstream.headers, ['content-length']),
  });
}
