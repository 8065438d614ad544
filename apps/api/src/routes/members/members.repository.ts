import type { Database, Role } from '@bmm/db';
import type { Kysely } from 'kysely';

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
