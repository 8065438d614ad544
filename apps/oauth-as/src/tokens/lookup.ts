import { ACCESS_TOKEN_ALGS, ACCESS_TOKEN_TYPE, type AccessTokenClaims } from '@bmm/oauth';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { AsContext } from '../context.js';

/** Our own access token, signature and issuer checked (expiry optional), or null. */
export async function verifyOwnAccessToken(
  ctx: AsContext,
  token: string,
  { allowExpired }: { allowExpired: boolean },
): Promise<AccessTokenClaims | null> {
  if (token.split('.').length !== 3) return null;
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(await ctx.keys.jwks()), {
      issuer: ctx.urls.issuer,
      algorithms: [...ACCESS_TOKEN_ALGS],
      typ: ACCESS_TOKEN_TYPE,
      ...(allowExpired ? { currentDate: new Date(0) } : {}),
    });
    return payload as unknown as AccessTokenClaims;
  } catch {
    return null;
  }
}
