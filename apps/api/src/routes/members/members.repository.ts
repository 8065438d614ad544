import type { Database, Role } from '@bmm/db';
import { type Kysely, sql } from 'kysely';

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

/** Revokes the live API keys a person created in an org (they stop working at the next request). */
export async function revokeApiKeysCreatedBy(trx: Kysely<Database>, orgId: string, userId: string) {
  const rows = await trx
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`now()` })
    .where('org_id', '=', orgId)
    .where('created_by', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
