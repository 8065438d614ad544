import type { Db } from '@bmm/db';
import { denylistAccessTokens } from '@bmm/oauth';
import { sql } from 'kysely';

/** Kills a token family: every refresh token dead, every live access token denylisted (and announced). */
export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('oauth_refresh_tokens')
      .set({ revoked_at: sql`now()` })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
    const tokens = await trx
      .selectFrom('oauth_access_tokens')
      .select(['jti', 'expires_at'])
      .where('family_id', '=', familyId)
      .where('expires_at', '>', new Date())
      .execute();
    await denylistAccessTokens(trx, tokens);
  });
}
