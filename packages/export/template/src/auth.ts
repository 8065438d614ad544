import {
  type AuthInfo,
  OAuthError,
  OAuthErrorCode,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { Config } from './config.js';

/** RFC 8414 §3 (path insertion) and OIDC discovery, in the order clients try them. */
function metadataUrls(issuer: string): URL[] {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, u.origin),
    new URL(`/.well-known/openid-configuration${path}`, u.origin),
    new URL(`${u.origin}${path}/.well-known/openid-configuration`),
  ];
}

/** Finds the AS's `jwks_uri` from its metadata (only when OAUTH_JWKS_URL is not set). */
async function discoverJwksUrl(issuer: string): Promise<URL> {
  for (const candidate of metadataUrls(issuer)) {
    try {
      const res = await fetch(candidate, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) continue;
      const meta = (await res.json()) as { issuer?: string; jwks_uri?: string };
      if (meta.issuer === issuer && typeof meta.jwks_uri === 'string') return new URL(meta.jwks_uri);
    } catch {
      // try the next well-known location
    }
  }
  throw new OAuthError(OAuthErrorCode.ServerError, 'The authorization server metadata could not be loaded');
}

function scopesOf(payload: JWTPayload): string[] {
  const { scope, scp } = payload as { scope?: unknown; scp?: unknown };
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  if (Array.isArray(scp)) return scp.filter((s): s is string => typeof s === 'string');
  return [];
}

/**
 * Validates RFC 9068 JWT access tokens locally: signature against the issuer's JWKS (cached by jose,
 * refetched on an unknown `kid`), `iss`, `aud` (exactly this resource), `exp`, and the `at+jwt` type.
 */
export function createTokenVerifier(config: Config): OAuthTokenVerifier {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined = config.jwksUrl
    ? createRemoteJWKSet(config.jwksUrl)
    : undefined;

  return {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      jwks ??= createRemoteJWKSet(await discoverJwksUrl(config.issuer));
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
          ...(config.requireAtJwtType ? { typ: 'at+jwt' } : {}),
          clockTolerance: 5,
        }));
      } catch {
        throw new OAuthError(OAuthErrorCode.InvalidToken, 'The access token is invalid or expired');
      }
      const clientId = (payload as { client_id?: unknown; azp?: unknown }).client_id ?? payload.azp;
      return {
        token,
        clientId: typeof clientId === 'string' ? clientId : '',
        scopes: scopesOf(payload),
        expiresAt: payload.exp,
        resource: config.resourceUrl,
        extra: { sub: payload.sub },
      };
    },
  };
}
