import type { WebEnv } from './env';

/**
 * Where a request to the web origin is forwarded, or null when the web app answers it itself:
 * `/v1/*` → the API; `/oauth/*` (except the consent page) → oauth-as under the issuer's path;
 * the authorization-server metadata documents → oauth-as's origin, path unchanged.
 */
export function proxyTarget(pathname: string, search: string, env: WebEnv): string | null {
  if (pathname === '/v1' || pathname.startsWith('/v1/')) return `${env.apiInternal}${pathname}${search}`;
  if (pathname.startsWith('/oauth/') && pathname !== '/oauth/consent')
    return `${env.oauthInternal}${pathname.slice('/oauth'.length)}${search}`;
  if (
    pathname.startsWith('/.well-known/oauth-authorization-server') ||
    pathname.startsWith('/.well-known/openid-configuration')
  )
    return `${env.oauthInternalOrigin}${pathname}${search}`;
  return null;
}
