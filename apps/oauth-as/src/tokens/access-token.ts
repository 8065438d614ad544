import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_ALG, ACCESS_TOKEN_TYPE, formatScope } from '@bmm/oauth';
import { SignJWT } from 'jose';
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
 * An RFC 9068 JWT access token: RS256, `typ: at+jwt`, `kid`, audience = the one server's URL. RS256 is
 * deterministic, so signing the same id and input again yields the same token (the refresh grace path).
 */
export async function signAccessToken(
  ctx: AsContext,
  input: AccessTokenInput,
  id: AccessTokenId = newAccessTokenId(ctx),
) {
  const { kid, key } = await ctx.keys.current();
  const token = await new SignJWT({ client_id: input.clientId, scope: formatScope(input.scopes) })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, typ: ACCESS_TOKEN_TYPE, kid })
    .setIssuer(ctx.urls.issuer)
    .setSubject(input.userId)
    .setAudience(input.resource)
    .setIssuedAt(id.iat)
    .setExpirationTime(id.exp)
    .setJti(id.jti)
    .sign(key);
  return { token, ...id };
}
