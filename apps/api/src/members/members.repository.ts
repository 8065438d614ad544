import type { Database, Db, Role } from '@bmm/db';
import type { Kysely } from 'kysely';

export function listMembers(db: Db, orgId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at'])
    .where('memberships.org_id', '=', orgId)
    .orderBy('memberships.created_at')
    .orderBy('users.id')
    .execute();
}

export function findMembership(db: Kysely<Database>, orgId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .select(['org_id', 'user_id', 'role'])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertMembership(db: Kysely<Database>, orgId: string, userId: string, role: Role) {
  await db.insertInto('memberships').values({ org_id: orgId, user_id: userId, role }).execute();
}

/** Locks the org's owner rows so two concurrent demotions cannot remove the last owner. */
export async function lockedOwnerCount(trx: Kysely<Database>, orgId: string): Promise<number> {
  const rows = await trx
    .selectFrom('memberships')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .forUpdate()
    .execute();
  return rows.length;
}

export async function updateRole(trx: Kysely<Database>, orgId: string, userId: string, role: Role) {
  await trx
    .updateTable('memberships')
    .set({ role })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMembership(trx: Kysely<Database>, orgId: string, userId: string) {
  await trx.deleteFrom('memberships').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
}
