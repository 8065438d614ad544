import { sha256 } from '@bmm/crypto';
import type { Db } from '@bmm/db';
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

export async function findRefreshToken(db: Db, token: string) {
  return await db
    .selectFrom('oauth_refresh_tokens')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
}

export async function isDenylisted(db: Db, jti: string): Promise<boolean> {
  return (
    (await db.selectFrom('oauth_token_denylist').select('jti').where('jti', '=', jti).executeTakeFirst()) !==
    undefined
  );
}
