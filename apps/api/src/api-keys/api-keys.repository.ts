import type { Database, Db } from '@bmm/db';
import { type Kysely, sql } from 'kysely';

const columns = ['id', 'name', 'display_prefix', 'created_by', 'created_at', 'last_used_at'] as const;

export function listApiKeys(db: Db, orgId: string) {
  return db
    .selectFrom('api_keys')
    .select(columns)
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
}

export function insertApiKey(
  trx: Kysely<Database>,
  key: { orgId: string; name: string; displayPrefix: string; keyHash: string; createdBy: string | null },
) {
  return trx
    .insertInto('api_keys')
    .values({
      org_id: key.orgId,
      name: key.name,
      display_prefix: key.displayPrefix,
      key_hash: key.keyHash,
      created_by: key.createdBy,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function revokeApiKey(trx: Kysely<Database>, orgId: string, id: string) {
  const row = await trx
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`now()` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
  return row ?? null;
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
