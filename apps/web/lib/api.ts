/**
 * The browser's client for the control-plane API, always same-origin (`/v1/*` is proxied). Paths,
 * parameters, bodies and answers are typed by `api-types.ts`, generated from the api's own OpenAPI
 * document (`pnpm gen:api-types`):
 *
 *     const { servers } = await ok(api.GET('/v1/servers'));
 *     await ok(api.DELETE('/v1/api-keys/{id}', { params: { path: { id } } }));
 */
import createClient, { type ClientPathsWithMethod, type MethodResponse } from 'openapi-fetch';
import type { components, paths } from './api-types';

/** An error answer: the api's problem+json, or `{error, error_description}` from an OAuth endpoint. */
export type Problem = Partial<components['schemas']['Problem']> & {
  status: number;
  /** OAuth endpoints (RFC 6749 §5.2) answer `{error, error_description}` instead. */
  error?: string;
  error_description?: string;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.error_description || problem.title || `Request failed (${status})`);
  }

  /** Validation messages by form field: `body.email` → `email` (the first message of each field). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { field, message } of this.problem.fields ?? []) {
      const key = field.replace(/^body\./, '');
      if (key && !out[key]) out[key] = message;
    }
    return out;
  }
}

/** The API could not be reached at all (down, network error, proxy error). */
export class NetworkError extends Error {
  constructor() {
    super('The service is not reachable right now. Check your connection or try again in a moment.');
  }
}

const ACCEPT = 'application/json, application/problem+json';

/**
 * The typed client. Cookies go along (same origin); the api's CSRF check reads the `Origin` header
 * the browser sets itself. Wrap each call in `ok()` to get the answer or a thrown error.
 */
export const api = createClient<paths>({ credentials: 'same-origin', headers: { accept: ACCEPT } });
export type ApiClient = typeof api;

/** The JSON answer of `GET path` (or of another method: `Answer<'/v1/servers', 'post'>`). */
export type Answer<
  P extends ClientPathsWithMethod<ApiClient, M>,
  M extends 'get' | 'post' | 'put' | 'patch' | 'delete' = 'get',
> = MethodResponse<ApiClient, M, P>;

/** The JSON body `method path` takes: `RequestBody<'/v1/servers', 'post'>`. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

interface Settled {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The error a failed answer stands for: a non-JSON 5xx is the proxy's "not reachable". */
export function errorFor(response: Response, body: unknown): ApiError | NetworkError {
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  if (!isJson && response.status >= 500) return new NetworkError();
  const problem = isJson && body && typeof body === 'object' ? (body as Problem) : { code: 'error' };
  return new ApiError(response.status, { ...problem, status: response.status });
}

/**
 * The answer of a call through `api`, or the reason it failed: `ApiError` (a problem+json answer),
 * `NetworkError` (nothing answered, or the proxy's plain-text 5xx). An abort is rethrown as is.
 * A 204 resolves to `undefined`.
 */
export async function ok<R extends Settled>(pending: Promise<R>): Promise<NonNullable<R['data']>> {
  let settled: R;
  try {
    settled = await pending;
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError();
  }
  if (!settled.response.ok) throw errorFor(settled.response, settled.error);
  return settled.data as NonNullable<R['data']>;
}

/**
 * JSON from an endpoint outside the api's OpenAPI document (oauth-as's interaction API), with the
 * same errors as `ok()`.
 */
export async function fetchJson<T>(
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: { accept: ACCEPT, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
  } catch {
    throw new NetworkError();
  }
  const body = (res.headers.get('content-type') ?? '').includes('json')
    ? await res.json().catch(() => null)
    : null;
  if (!res.ok) throw errorFor(res, body);
  return body as T;
}

/** Where to send a signed-out visitor so they come back here afterwards. */
export function loginUrl(next?: string): string {
  const here =
    next ??
    (typeof window === 'undefined' ? '/dashboard' : window.location.pathname + window.location.search);
  return `/login?next=${encodeURIComponent(here)}`;
}

/**
 * Only same-site paths are allowed as `next=` targets (no open redirect). Browsers drop tabs and
 * newlines and treat `\` like `/`, so `/\t/evil.example` would become `//evil.example`: refuse them.
 */
export function safeNext(next: string | null | undefined, fallback = '/dashboard'): string {
  if (!next?.startsWith('/') || next.startsWith('//')) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  const base = 'https://web.invalid';
  const resolved = new URL(next, base);
  if (resolved.origin !== base) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError || err instanceof NetworkError) return err.message;
  return 'Something went wrong. Please try again.';
}
