import { Channels, type Database, notify } from '@bmm/db';
import { type Kysely, sql } from 'kysely';
import type { ConnectedClient, UserGrant } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The redirect host people recognise a client by (`claude.ai`, `localhost`, `cursor://…` → `cursor`). */
export function redirectHost(redirectUri: string | undefined): string | null {
  if (!redirectUri) return null;
  try {
    const u = new URL(redirectUri);
    return u.hostname || u.protocol.replace(/:$/, '');
  } catch {
    return null;
  }
}

/** The live (unrevoked) grants of a server, newest first: who connected which client. */
export async function listConnectedClients(
  db: Kysely<Database>,
  serverId: string,
): Promise<ConnectedClient[]> {
  const rows = await db
    .selectFrom('oauth_grants as g')
    .innerJoin('oauth_clients as c', 'c.client_id', 'g.client_id')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select([
      'g.id',
      'g.client_id',
      'c.name',
      'c.redirect_uris',
      'g.scopes',
      'g.user_id',
      'u.email',
      'g.created_at',
      'g.last_used_at',
    ])
    .where('g.server_id', '=', serverId)
    .where('g.revoked_at', 'is', null)
    .orderBy('g.created_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    grantId: r.id,
    clientId: r.client_id,
    clientName: r.name,
    redirectHost: redirectHost(r.redirect_uris[0]),
    scopes: r.scopes,
    userId: r.user_id,
    userEmail: r.email,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

export async function countConnectedClients(db: Kysely<Database>, serverId: string): Promise<number> {
  const row = await db
    .selectFrom('oauth_grants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('server_id', '=', serverId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Puts access tokens on the denylist runners read, and tells them now (NOTIFY is delivered when the
 * surrounding transaction commits). Expired tokens are skipped: they no longer open anything.
 */
export async function denylistAccessTokens(
  db: Kysely<Database>,
  tokens: readonly { jti: string; expires_at: Date }[],
): Promise<void> {
  const live = tokens.filter((t) => t.expires_at.getTime() > Date.now());
  if (live.length === 0) return;
  await db
    .insertInto('oauth_token_denylist')
    .values(live.map((t) => ({ jti: t.jti, expires_at: t.expires_at })))
    .onConflict((oc) => oc.column('jti').doNothing())
    .execute();
  for (const t of live) {
    await notify(db, Channels.tokenRevoked, { jti: t.jti, exp: Math.floor(t.expires_at.getTime() / 1000) });
  }
}

/** Revokes every refresh token of a grant and denylists its live access tokens (inside the caller's transaction). */
export async function revokeGrantTokens(db: Kysely<Database>, grantId: string): Promise<void> {
  await db
    .updateTable('oauth_refresh_tokens')
    .set({ revoked_at: sql`now()` })
    .where('grant_id', '=', grantId)
    .where('revoked_at', 'is', null)
    .execute();
  const tokens = await db
    .selectFrom('oauth_access_tokens')
    .select(['jti', 'expires_at'])
    .where('grant_id', '=', grantId)
    .where('expires_at', '>', new Date())
    .execute();
  await denylistAccessTokens(db, tokens);
}

/** The live grants a user gave, across servers, newest first (for a "connected apps" settings page). */
export async function listUserGrants(db: Kysely<Database>, userId: string): Promise<UserGrant[]> {
  const rows = await db
    .selectFrom('oauth_grants as g')
    .innerJoin('oauth_clients as c', 'c.client_id', 'g.client_id')
    .innerJoin('servers as s', 's.id', 'g.server_id')
    .select([
      'g.id',
      'g.client_id',
      'c.name',
      'c.redirect_uris',
      'g.server_id',
      's.slug',
      's.name as server_name',
      'g.scopes',
      'g.created_at',
      'g.last_used_at',
    ])
    .where('g.user_id', '=', userId)
    .where('g.revoked_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .orderBy('g.created_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    grantId: r.id,
    clientId: r.client_id,
    clientName: r.name,
    redirectHost: redirectHost(r.redirect_uris[0]),
    serverId: r.server_id,
    serverSlug: r.slug,
    serverName: r.server_name,
    scopes: r.scopes,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** Revokes one of the user's own grants (same effect as revokeGrant); false when it is not theirs or not live. */
export async function revokeUserGrant(
  db: Kysely<Database>,
  { grantId, userId }: { grantId: string; userId: string },
): Promise<boolean> {
  if (!UUID.test(grantId)) return false;
  const grant = await db
    .selectFrom('oauth_grants')
    .select('server_id')
    .where('id', '=', grantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return grant ? await revokeGrant(db, { grantId, serverId: grant.server_id }) : false;
}

/**
 * Revokes a live grant of a server: refresh tokens die, live access tokens are denylisted and
 * runners notified. Returns false when no such live grant exists (already revoked, other server).
 */
export async function revokeGrant(
  db: Kysely<Database>,
  { grantId, serverId }: { grantId: string; serverId: string },
): Promise<boolean> {
  if (!UUID.test(grantId)) return false;
  return await db.transaction().execute(async (trx) => {
    const grant = await trx
      .updateTable('oauth_grants')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', grantId)
      .where('server_id', '=', serverId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!grant) return false;
    await revokeGrantTokens(trx, grant.id);
    return true;
  });
}

/**
 * Ends the grants of people who can no longer use a server after an access change (member removed or
 * left, visibility narrowed, allowlist shortened): the grant is revoked, its refresh tokens die, its
 * live access tokens are denylisted and runners told by NOTIFY (delivered at commit). Who keeps
 * access is the authorization server's rule: org members; anyone signed in for `public`; verified
 * listed emails for `allowlist`. Call it inside the transaction that changed access. Returns the
 * revoked grants' ids.
 */
export async function revokeLostAccess(
  db: Kysely<Database>,
  scope: { orgId: string; userId?: string; serverId?: string },
): Promise<string[]> {
  let query = db
    .selectFrom('oauth_grants as g')
    .innerJoin('servers as s', 's.id', 'g.server_id')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select('g.id')
    .where('g.revoked_at', 'is', null)
    .where('s.org_id', '=', scope.orgId)
    .where(
      sql<boolean>`not exists (select 1 from memberships m where m.org_id = s.org_id and m.user_id = g.user_id)`,
    )
    .where('s.visibility', '!=', 'public')
    .where(
      sql<boolean>`not (s.visibility = 'allowlist' and u.email_verified_at is not null
        and lower(u.email) in (select lower(t.e) from unnest(s.allowlist) as t(e)))`,
    );
  if (scope.userId) query = query.where('g.user_id', '=', scope.userId);
  if (scope.serverId) query = query.where('s.id', '=', scope.serverId);
  const lost = await query.execute();
  if (lost.length === 0) return [];
  const ids = lost.map((g) => g.id);
  await db.updateTable('oauth_grants').set({ revoked_at: sql`now()` }).where('id', 'in', ids).execute();
  for (const id of ids) await revokeGrantTokens(db, id);
  return ids;
}
