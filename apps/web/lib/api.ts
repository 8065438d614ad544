/** The browser's client for the control-plane API, always same-origin (`/v1/*` is proxied). */

export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  /** OAuth endpoints (RFC 6749 §5.2) answer `{error, error_description}` instead. */
  error?: string;
  error_description?: string;
  fields?: { path?: string; field?: string; name?: string; message: string }[] | Record<string, string>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.error_description || problem.title || `Request failed (${status})`);
  }

  /** Validation messages by field name, whatever shape the API used. */
  fieldErrors(): Record<string, string> {
    const f = this.problem.fields;
    if (!f) return {};
    if (Array.isArray(f)) {
      const out: Record<string, string> = {};
      for (const item of f) {
        const key = (item.field ?? item.name ?? item.path ?? '')
          .replace(/^[/.]+/, '')
          .replace(/^body[/.]/, '');
        if (key && !out[key]) out[key] = item.message;
      }
      return out;
    }
    return f;
  }
}

/** The API could not be reached at all (down, network error, proxy error). */
export class NetworkError extends Error {
  constructor() {
    super('The service is not reachable right now. Check your connection or try again in a moment.');
  }
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json, application/problem+json',
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: init.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError();
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const isJson = type.includes('json');
  const data = isJson ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    if (!isJson && res.status >= 500) throw new NetworkError();
    const problem: Problem = data && typeof data === 'object' ? data : { status: res.status, code: 'error' };
    throw new ApiError(res.status, { ...problem, status: res.status });
  }
  return data as T;
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
