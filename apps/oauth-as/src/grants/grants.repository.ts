import type { Db } from '@bmm/db';
import { type RawBuilder, sql } from 'kysely';

/** The user's live grant for this client and server, if any. */
export async function findLiveGrant(db: Db, userId: string, clientId: string, serverId: string) {
  return await db
    .selectFrom('oauth_grants')
    .select(['id', 'scopes'])
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .where('server_id', '=', serverId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function isGrantLive(db: Db, grantId: string): Promise<boolean> {
  const row = await db
    .selectFrom('oauth_grants')
    .select('id')
    .where('id', '=', grantId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** A live grant's server and the user who holds it. */
export async function findLiveGrantHolder(db: Db, grantId: string) {
  return await db
    .selectFrom('oauth_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.server_id', 'u.id', 'u.email', 'u.email_verified_at'])
    .where('g.id', '=', grantId)
    .where('g.revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Access still allowed, in SQL, for the grant `grantId` (a column reference): the grant is live, its
 * server deployed, and the user may use it — the rule of canUseServer (interactions/access.ts).
 */
export function grantStillValid(grantId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (
  select 1 from oauth_grants g
    join users u on u.id = g.user_id
    join servers s on s.id = g.server_id and s.deleted_at is null
    join orgs o on o.id = s.org_id
    join server_versions v on v.id = s.current_version_id
  where g.id = ${grantId} and g.revoked_at is null
    and (s.visibility = 'public'
      or (s.visibility = 'allowlist' and u.email_verified_at is not null
        and lower(u.email) in (select lower(t.e) from unnest(s.allowlist) as t(e)))
      or exists (select 1 from memberships m where m.org_id = s.org_id and m.user_id = u.id)))`;
}
