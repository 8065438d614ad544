import { randomUUID, sign } from 'node:crypto';
import { formatScope } from '@bmm/oauth';
import type { AsContext } from '../context.js';

export interface AccessTokenInput {
  userId: string;
  clientId: string;
  resource: string;
  scopes: string[];
}

/** The identity of an access token, chosen before it is recorded (and signed from it afterwards). */
export interface AccessTokenId {
  jti: string;
  iat: number;
  exp: number;
}

export function newAccessTokenId(ctx: AsContext): AccessTokenId {
  const iat = Math.floor(Date.now() / 1000);
  return { jti: randomUUID(), iat, exp: iat + ctx.config.accessTokenTtl };
}

/**
 * An RFC 9068 JWT access token: `typ: at+jwt`, `kid`, audience = the one server's URL, signed with the
 * configured algorithm (ES256 by default, or RS256). A compact JWS (RFC 7515) built here with
 * node:crypto's synchronous `sign`: the header is encoded once per key, and it costs a fifth of the CPU
 * of going through WebCrypto per token. The same id and input always give the same claims (the refresh
 * grace path re-signs them); RS256 also gives the same signature, ES256 a fresh one each time.
 */
export async function signAccessToken(
  ctx: AsContext,
  input: AccessTokenInput,
  id: AccessTokenId = newAccessTokenId(ctx),
) {
  const { alg, key, header } = await ctx.keys.current(ctx.config.accessTokenAlg ?? 'ES256');
  const claims = {
    client_id: input.clientId,
    scope: formatScope(input.scopes),
    iss: ctx.urls.issuer,
    sub: input.userId,
    aud: input.resource,
    iat: id.iat,
    exp: id.exp,
    jti: id.jti,
  };
  const signingInput = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  // JWS ES256 signatures are r ‖ s (IEEE P1363), not DER.
  const signature = sign('sha256', Buffer.from(signingInput), {
    key,
    dsaEncoding: alg === 'ES256' ? 'ieee-p1363' : 'der',
  });
  return { token: `${signingInput}.${signature.toString('base64url')}`, ...id };
}
