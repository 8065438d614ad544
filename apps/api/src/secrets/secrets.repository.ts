import type { Database, Db } from '@bmm/db';
import { type Kysely, sql } from 'kysely';

/** Inserts or replaces a secret; returns whether it existed before. */
export async function upsertSecret(
  trx: Kysely<Database>,
  s: { serverId: string; name: string; ciphertext: string; keyVersion: number; updatedBy: string | null },
) {
  const row = await trx
    .insertInto('server_secrets')
    .values({
      server_id: s.serverId,
      name: s.name,
      ciphertext: s.ciphertext,
      key_version: s.keyVersion,
      updated_by: s.updatedBy,
    })
    .onConflict((oc) =>
      oc.columns(['server_id', 'name']).doUpdateSet({
        ciphertext: s.ciphertext,
        key_version: s.keyVersion,
        updated_by: s.updatedBy,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returning(['name', 'updated_at', 'updated_by', sql<boolean>`xmax <> 0`.as('replaced')])
    .executeTakeFirstOrThrow();
  return row;
}

export function listSecrets(db: Db, serverId: string) {
  return db
    .selectFrom('server_secrets')
    .select(['name', 'updated_at', 'updated_by'])
    .where('server_id', '=', serverId)
    .orderBy('name')
    .execute();
}

export async function deleteSecret(trx: Kysely<Database>, serverId: string, name: string): Promise<boolean> {
  const row = await trx
    .deleteFrom('server_secrets')
    .where('server_id', '=', serverId)
    .where('name', '=', name)
    .returning('name')
    .executeTakeFirst();
  return Boolean(row);
}
