import type { Db } from '@bmm/db';
import { denylistAccessTokens } from '@bmm/oauth';
import { liveFamilyAccessTokens } from './access-tokens.repository.js';
import { revokeFamilyRefreshTokens } from './refresh-tokens.repository.js';

/** Kills a token family: every refresh token dead, every live access token denylisted (and announced). */
export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await revokeFamilyRefreshTokens(trx, familyId);
    await denylistAccessTokens(trx, await liveFamilyAccessTokens(trx, familyId));
  });
}

/** Denylists one access token (and announces it to the runners). */
export async function revokeAccessToken(db: Db, jti: string, exp: number): Promise<void> {
  await db
    .transaction()
    .execute((trx) => denylistAccessTokens(trx, [{ jti, expires_at: new Date(exp * 1000) }]));
}
