import { type NextRequest, NextResponse } from 'next/server';
import { webEnv } from './lib/env';
import { forward } from './lib/forward';
import { proxyTarget } from './lib/proxy-target';

/**
 * The browser only ever talks to the web origin: `/v1/*` goes to the API and `/oauth/*` (except the
 * consent page, which is ours) plus the authorization-server metadata go to oauth-as. Done here rather
 * than with next.config rewrites because those are frozen into the build; this reads the environment
 * when the server starts, so one build runs anywhere. `forward` fetches rather than rewrites, so no
 * internal URL reaches the browser.
 */
const SIGNED_IN_PREFIXES = [
  '/dashboard',
  '/servers',
  '/settings',
  '/audit',
  '/doctor',
  '/connectors',
  '/playground',
  '/admin',
  '/oauth/consent',
  '/invitations',
];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const target = proxyTarget(pathname, search, webEnv());
  if (target) return forward(request, target);
  // Signed out (no cookie at all): straight to the login page and back. A stale cookie is caught by the page.
  if (
    SIGNED_IN_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`)) &&
    !request.cookies.has('bmm_session')
  ) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  return NextResponse.next();
}

export const config = {
  matcher: [
    '/v1/:path*',
    '/oauth/:path*',
    '/.well-known/:path*',
    '/dashboard',
    '/servers/:path*',
    '/settings/:path*',
    '/audit/:path*',
    '/doctor',
    '/connectors/:path*',
    '/playground/:path*',
    '/admin',
    '/invitations/:path*',
  ],
};
