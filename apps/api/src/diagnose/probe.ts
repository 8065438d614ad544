import type { OutboundFetch } from '../lib/outbound.js';

export type StepStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One HTTP exchange as the report shows it: what was asked, what came back, the fields that matter. */
export interface Exchange {
  request: string;
  status: number | null;
  headers: Record<string, string>;
  fields?: Record<string, unknown>;
  error?: string;
}

export interface Step {
  id: string;
  title: string;
  status: StepStatus;
  detail: string;
  clause: string;
  evidence: Exchange[];
}

/** Headers worth showing; anything else (cookies, tracing) stays out of the report. */
const SHOWN_HEADERS = [
  'www-authenticate',
  'content-type',
  'location',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'mcp-protocol-version',
  'cache-control',
];

/** Fields that are secrets when a server hands them out (a DCR answer); never put in a report. */
const SECRET_FIELDS = new Set([
  'client_secret',
  'registration_access_token',
  'access_token',
  'refresh_token',
]);

export function redactFields(body: unknown): Record<string, unknown> | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_FIELDS.has(k) ? '[redacted]' : v,
    ]),
  );
}

export interface ProbeResult {
  exchange: Exchange;
  response: Response | null;
  /** The parsed JSON body, when the body was JSON (any status). */
  json: unknown;
}

const MAX_SHOWN_TEXT = 300;

/** Makes one request through the outbound guard and never throws: failures become evidence. */
export async function probe(
  fetchFn: OutboundFetch,
  method: string,
  url: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<ProbeResult> {
  const exchange: Exchange = { request: `${method} ${url}`, status: null, headers: {} };
  try {
    const response = await fetchFn(url, { method, headers: init.headers, body: init.body });
    exchange.status = response.status;
    for (const name of SHOWN_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) exchange.headers[name] = value.slice(0, 1000);
    }
    const text = await response.text().catch((err: Error) => {
      exchange.error = err.message;
      return '';
    });
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
      if (text && !(response.headers.get('content-type') ?? '').includes('event-stream'))
        exchange.fields = { body: text.slice(0, MAX_SHOWN_TEXT) };
    }
    const fields = redactFields(json);
    if (fields) exchange.fields = fields;
    return { exchange, response, json };
  } catch (err) {
    exchange.error = (err as Error).message || String(err);
    return { exchange, response: null, json: undefined };
  }
}

/** `http://localhost`, `http://127.0.0.1`, `http://[::1]` — where plain http is tolerated. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** https, or http on a loopback host (local development). */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
}

/** Parses the auth-params of a `WWW-Authenticate: Bearer …` (or DPoP) challenge. */
export function parseChallenge(
  header: string | null,
): { scheme: string; params: Record<string, string> } | null {
  if (!header) return null;
  const m = header.match(/^\s*([A-Za-z][\w-]*)\s*(.*)$/s);
  if (!m) return null;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[p[1]!.toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme: m[1]!, params };
}
