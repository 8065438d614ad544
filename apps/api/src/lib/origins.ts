import type { ApiPublicConfig } from '../deps.js';

/** The origins whose pages may make cookie-authenticated calls (CORS with credentials, CSRF check). */
export function trustedOrigins(config: ApiPublicConfig): Set<string> {
  const origins = new Set<string>();
  for (const url of [config.WEB_URL, config.API_URL, ...(config.CORS_ORIGINS ?? [])]) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // config validation rejects bad URLs; an odd extra origin is simply not trusted
    }
  }
  return origins;
}

/** The origin a browser says a request comes from: Origin, else the Referer's origin. */
export function requestOrigin(headers: Record<string, string | string[] | undefined>): string | null {
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin;
  const referer = headers.referer;
  if (typeof referer === 'string') {
    try {
      return new URL(referer).origin;
    } catch {
      return null;
    }
  }
  return null;
}

export function isSecureDeployment(config: ApiPublicConfig): boolean {
  return config.API_URL.startsWith('https:') || config.WEB_URL.startsWith('https:');
}
