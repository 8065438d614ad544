import { type Db, type Role, SESSION_TTL_MS } from '@bmm/db';
import { sql } from 'kysely';

export function findActiveApiKey(db: Db, keyHash: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'org_id'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Marks a key used, at most once a minute (no write on every request). */
export async function touchApiKey(db: Db, id: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
      ]),
    )
    .execute();
}

/** Pushes a session's expiry out (sliding), at most once a minute; true when it did. */
export async function slideSession(db: Db, sessionId: string): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({
      last_seen_at: sql<Date>`now()`,
      expires_at: sql<Date>`now() + ${`${SESSION_TTL_MS} milliseconds`}::interval`,
    })
    .where('id', '=', sessionId)
    .where('last_seen_at', '<', sql<Date>`now() - interval '1 minute'`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function memberOrgs(db: Db, userId: string): Promise<{ org_id: string; role: Role }[]> {
  return db
    .selectFrom('memberships')
    .select(['org_id', 'role'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('org_id')
    .execute();
}

export async function setActiveOrg(db: Db, sessionId: string, orgId: string): Promise<void> {
  await db.updateTable('sessions').set({ active_org_id: orgId }).where('id', '=', sessionId).execute();
}
