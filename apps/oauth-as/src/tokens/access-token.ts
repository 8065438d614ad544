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

/** An RFC 9068 JWT access token: RS256, `typ: at+jwt`, `kid`, audience = the one server's URL. */
export async function signAccessToken(ctx: AsContext, input: AccessTokenInput) {
  const { kid, key } = await ctx.keys.current();
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + ctx.config.accessTokenTtl;
  const jti = randomUUID();
  const token = await new SignJWT({ client_id: input.clientId, scope: formatScope(input.scopes) })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, typ: ACCESS_TOKEN_TYPE, kid })
    .setIssuer(ctx.urls.issuer)
    .setSubject(input.userId)
    .setAudience(input.resource)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key);
  return { token, jti, exp };
}
