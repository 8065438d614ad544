import type { Db } from '@bmm/db';

export async function isDenylisted(db: Db, jti: string): Promise<boolean> {
  const row = await db
    .selectFrom('oauth_token_denylist')
    .select('jti')
    .where('jti', '=', jti)
    .executeTakeFirst();
  return row !== undefined;
}

/** The grant an access token was issued under (from its record). */
export async function grantOfAccessToken(db: Db, jti: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('oauth_access_tokens')
    .select('grant_id')
    .where('jti', '=', jti)
    .executeTakeFirst();
  return row?.grant_id;
}

/** The family's access tokens that have not expired yet. */
export async function liveFamilyAccessTokens(trx: Db, familyId: string) {
  return await trx
    .selectFrom('oauth_access_tokens')
    .select(['jti', 'expires_at'])
    .where('family_id', '=', familyId)
    .where('expires_at', '>', new Date())
    .execute();
}
