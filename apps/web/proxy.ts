import { type NextRequest, NextResponse } from 'next/server';
import { webEnv } from './lib/env';

/**
 * The browser only ever talks to the web origin: `/v1/*` goes to the API and `/oauth/*` (except the
 * consent page, which is ours) plus the authorization-server metadata go to oauth-as. Done here rather
 * than with next.config rewrites because those are frozen into the build; this reads the environment
 * when the server starts, so one build runs anywhere.
 */
const APP_PREFIXES = ['/dashboard', '/servers', '/settings', '/audit'];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const env = webEnv();
  if (pathname.startsWith('/v1/') || pathname === '/v1') {
    return NextResponse.rewrite(new URL(`${env.apiInternal}${pathname}${search}`));
  }
  if (pathname === '/oauth/consent' && !request.cookies.has('bmm_session')) {
    // Sign in first; the consent page itself handles a session that turns out to be stale.
    const login = new URL('/login', request.url);
    login.searchParams.set('next', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  if (pathname.startsWith('/oauth/') && pathname !== '/oauth/consent') {
    return NextResponse.rewrite(new URL(`${env.oauthInternal}${pathname.slice('/oauth'.length)}${search}`));
  }
  if (
    pathname.startsWith('/.well-known/oauth-authorization-server') ||
    pathname.startsWith('/.well-known/openid-configuration')
  ) {
    return NextResponse.rewrite(new URL(`${env.oauthInternalOrigin}${pathname}${search}`));
  }
  if (APP_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
    // Signed out (no cookie at all): straight to the login page. A stale cookie is caught by the page.
    if (!request.cookies.has('bmm_session')) {
      const login = new URL('/login', request.url);
      login.searchParams.set('next', `${pathname}${search}`);
      return NextResponse.redirect(login);
    }
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
  ],
};
