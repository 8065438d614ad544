import type { Db } from '@bmm/db';

/**
 * Deletes clients (registered and metadata-document ones) unused since `before` that hold no live
 * refresh token; their grants and tokens go with them — none can still be live.
 */
export async function deleteStaleClients(db: Db, before: Date, now: Date): Promise<number> {
  const res = await db
    .deleteFrom('oauth_clients')
    .where((eb) => eb(eb.fn.coalesce('last_used_at', 'created_at'), '<', before))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('oauth_refresh_tokens')
            .select('id')
            .whereRef('oauth_refresh_tokens.client_id', '=', 'oauth_clients.client_id')
            .where('oauth_refresh_tokens.revoked_at', 'is', null)
            .where('oauth_refresh_tokens.rotated_at', 'is', null)
            .where('oauth_refresh_tokens.expires_at', '>', now),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Deletes rows whose lifetime is over (kept a day where a late replay should still be recognised). */
export async function deleteExpiredRows(db: Db, now: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const results = [
    await db.deleteFrom('oauth_interactions').where('expires_at', '<', dayAgo).executeTakeFirst(),
    await db.deleteFrom('oauth_codes').where('expires_at', '<', dayAgo).executeTakeFirst(),
    await db.deleteFrom('oauth_token_denylist').where('expires_at', '<', now).executeTakeFirst(),
    await db.deleteFrom('oauth_access_tokens').where('expires_at', '<', now).executeTakeFirst(),
    await db.deleteFrom('oauth_refresh_tokens').where('expires_at', '<', dayAgo).executeTakeFirst(),
    await db.deleteFrom('upstream_authorizations').where('expires_at', '<', dayAgo).executeTakeFirst(),
  ];
  return results.reduce((n, r) => n + Number(r.numDeletedRows), 0);
}
