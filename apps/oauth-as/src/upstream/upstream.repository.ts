import type { Db, UpstreamAuthorizationRow, UpstreamAuthorizationsTable } from '@bmm/db';
import { type Insertable, sql } from 'kysely';

/** The user's stored upstream tokens for a server (state only; never the tokens). */
export async function upstreamTokenStates(db: Db, userId: string, serverId: string) {
  return await db
    .selectFrom('upstream_tokens')
    .select(['upstream_id', 'scopes', 'revoked_at', 'expires_at', 'refresh_token_ciphertext'])
    .where('user_id', '=', userId)
    .where('server_id', '=', serverId)
    .execute();
}

export async function insertUpstreamAuthorization(
  db: Db,
  row: Insertable<UpstreamAuthorizationsTable>,
): Promise<void> {
  await db.insertInto('upstream_authorizations').values(row).execute();
}

/** Takes the pending sign-in with this state hash exactly once; undefined when unknown, used or expired. */
export async function consumeUpstreamAuthorization(
  db: Db,
  stateHash: string,
): Promise<UpstreamAuthorizationRow | undefined> {
  return await db
    .updateTable('upstream_authorizations')
    .set({ consumed_at: sql`now()` })
    .where('state_hash', '=', stateHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returningAll()
    .executeTakeFirst();
}

/** The upstreams an interaction already sent the user to (each is asked once). */
export async function attemptedUpstreams(db: Db, interactionId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('upstream_authorizations')
    .select('upstream_id')
    .where('interaction_id', '=', interactionId)
    .where('consumed_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.upstream_id));
}
