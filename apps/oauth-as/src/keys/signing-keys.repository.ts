import type { Db, SigningKeyStatus, SigningKeysTable } from '@bmm/db';
import { type Insertable, sql } from 'kysely';

// One advisory lock id for every key-management transaction, so two instances never race.
const KEY_LOCK = 0x626d6d6b; // "bmmk"

/** Serializes key management across instances until the transaction ends. */
export async function lockSigningKeys(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
}

export async function insertSigningKey(db: Db, row: Insertable<SigningKeysTable>): Promise<void> {
  await db.insertInto('signing_keys').values(row).execute();
}

/** The `active` and `next` keys: which algorithm has which. */
export async function liveSigningKeys(db: Db): Promise<{ alg: string; status: SigningKeyStatus }[]> {
  return await db
    .selectFrom('signing_keys')
    .select(['alg', 'status'])
    .where('status', 'in', ['active', 'next'])
    .execute();
}

export async function findSigningKey(db: Db, alg: string, status: 'active' | 'next') {
  return await db
    .selectFrom('signing_keys')
    .select(['kid', 'private_key_ciphertext'])
    .where('alg', '=', alg)
    .where('status', '=', status)
    .executeTakeFirst();
}

/** Retires the active key of `alg`; answers its kid. */
export async function retireActiveKey(db: Db, alg: string): Promise<string | null> {
  const row = await db
    .updateTable('signing_keys')
    .set({ status: 'retired', retired_at: sql`now()` })
    .where('alg', '=', alg)
    .where('status', '=', 'active')
    .returning('kid')
    .executeTakeFirst();
  return row?.kid ?? null;
}

export async function activateKey(db: Db, kid: string): Promise<void> {
  await db
    .updateTable('signing_keys')
    .set({ status: 'active', activated_at: sql`now()` })
    .where('kid', '=', kid)
    .execute();
}

/** Public JWKs of the next and active keys and of keys retired after `retiredAfter`, newest first. */
export async function publishedKeys(db: Db, retiredAfter: Date): Promise<Record<string, unknown>[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .select('public_jwk')
    .where((eb) => eb.or([eb('status', 'in', ['next', 'active']), eb('retired_at', '>', retiredAfter)]))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => r.public_jwk);
}

export async function deleteKeysRetiredBefore(db: Db, before: Date): Promise<number> {
  const res = await db
    .deleteFrom('signing_keys')
    .where('status', '=', 'retired')
    .where('retired_at', '<', before)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** When the most recently activated active key became active. */
export async function activeKeySince(db: Db): Promise<Date | undefined> {
  const row = await db
    .selectFrom('signing_keys')
    .select(['activated_at', 'created_at'])
    .where('status', '=', 'active')
    .orderBy('activated_at', 'desc')
    .executeTakeFirst();
  return row ? (row.activated_at ?? row.created_at) : undefined;
}
