import { InvalidRedirectUri } from '@bmm/oauth';

const FORBIDDEN_SCHEMES = new Set([
  'javascript:',
  'data:',
  'vbscript:',
  'file:',
  'blob:',
  'about:',
  'ftp:',
  'ws:',
  'wss:',
  'mailto:',
  'tel:',
  'filesystem:',
]);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Any userinfo in the authority (`user@`, `:pw@`, `u:p@`, even a bare `@`), which URL parsing may hide. */
function hasUserinfo(uri: string, u: URL): boolean {
  return u.username !== '' || u.password !== '' || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(uri);
}

function isLoopbackHttp(u: URL): boolean {
  return u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname);
}

/**
 * Registration-time rule for one redirect URI: https anywhere, http only on loopback (any port),
 * or a private-use scheme (`claude://…`); never a fragment, credentials or a script/data scheme.
 */
export function checkRedirectUriAllowed(uri: unknown): string {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 2000)
    throw new InvalidRedirectUri('Each redirect URI must be a string of at most 2000 characters.');
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new InvalidRedirectUri(`"${uri.slice(0, 100)}" is not an absolute URI.`);
  }
  if (uri.includes('#'))
    throw new InvalidRedirectUri(`Redirect URIs must not contain a fragment: ${uri.slice(0, 100)}`);
  if (hasUserinfo(uri, u)) throw new InvalidRedirectUri('Redirect URIs must not carry credentials.');
  if (FORBIDDEN_SCHEMES.has(u.protocol))
    throw new InvalidRedirectUri(`The ${u.protocol} scheme is not allowed for redirect URIs.`);
  if (u.protocol === 'https:') {
    if (!u.hostname) throw new InvalidRedirectUri('https redirect URIs need a host.');
    return uri;
  }
  if (u.protocol === 'http:') {
    if (!isLoopbackHttp(u))
      throw new InvalidRedirectUri(
        `http redirect URIs are only allowed on loopback (localhost, 127.0.0.1, [::1]): ${uri.slice(0, 100)}`,
      );
    return uri;
  }
  if (!/^[a-z][a-z0-9+.-]*:$/.test(u.protocol))
    throw new InvalidRedirectUri(`Unsupported redirect URI scheme ${u.protocol}`);
  return uri;
}

/**
 * Authorization-time match: exact string comparison, except that a loopback http redirect URI may
 * use any port (RFC 8252 §7.3: native apps pick a free port at run time).
 */
export function redirectUriMatches(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  let req: URL;
  try {
    req = new URL(requested);
  } catch {
    return false;
  }
  if (!isLoopbackHttp(req) || requested.includes('#') || hasUserinfo(requested, req)) return false;
  return registered.some((r) => {
    try {
      const reg = new URL(r);
      if (!isLoopbackHttp(reg)) return false;
      return reg.hostname === req.hostname && reg.pathname === req.pathname && reg.search === req.search;
    } catch {
      return false;
    }
  });
}
