import { cookies, headers } from 'next/headers';
import createClient from 'openapi-fetch';
import type { paths } from './api-types';
import { webEnv } from './env';

export interface SignedIn {
  name: string;
}

/**
 * Who is signed in, for the public header (server side): no session cookie means nobody, with no
 * request at all; otherwise the API says whether the session still holds. When the API cannot be
 * reached, the cookie is taken at its word (the dashboard then asks to sign in if it was stale).
 * `undefined`: the page is rendered ahead of any request (`force-static`), so only the browser can
 * tell (`/account-state`).
 */
export async function signedInVisitor(): Promise<SignedIn | null | undefined> {
  // A real request always names its host; a static render has no request headers at all.
  if (!(await headers()).get('host')) return undefined;
  const cookie = (await cookies()).get('bmm_session')?.value;
  if (!cookie) return null;
  try {
    const api = createClient<paths>({ baseUrl: webEnv().apiInternal });
    const { data, response } = await api.GET('/v1/me', {
      headers: { cookie: `bmm_session=${cookie}`, accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(2000),
    });
    if (response.status === 401) return null;
    if (!data) return { name: '' };
    return { name: data.user.name || data.user.email };
  } catch {
    return { name: '' };
  }
}
