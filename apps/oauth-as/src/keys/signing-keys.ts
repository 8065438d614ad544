import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { type Keyring, signingKeyAad } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { ACCESS_TOKEN_ALG } from '@bmm/oauth';
import { exportJWK, type JWK } from 'jose';
import { sql } from 'kysely';
import { RETIRED_KEY_PUBLISH_MS } from '../lifetimes.js';

// One advisory lock id for every key-management transaction, so two instances never race.
const KEY_LOCK = 0x626d6d6b; // "bmmk"

export interface ActiveKey {
  kid: string;
  key: KeyObject;
}

async function newKeyRow(keyring: Keyring, status: 'next' | 'active') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  const jwk = await exportJWK(publicKey);
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    kid,
    alg: ACCESS_TOKEN_ALG,
    public_jwk: JSON.stringify({ ...jwk, kid, alg: ACCESS_TOKEN_ALG, use: 'sig' }),
    private_key_ciphertext: keyring.encrypt(pem, signingKeyAad(kid)),
    status,
    activated_at: status === 'active' ? new Date() : null,
  };
}

/** Creates the first active (and next) key when there is none (first start). Safe from many instances at once. */
export async function ensureSigningKey(db: Db, keyring: Keyring): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
    const live = await trx
      .selectFrom('signing_keys')
      .select('status')
      .where('status', 'in', ['active', 'next'])
      .execute();
    if (!live.some((k) => k.status === 'active'))
      await trx
        .insertInto('signing_keys')
        .values(await newKeyRow(keyring, 'active'))
        .execute();
    // Published from the start, so verifiers already hold the key the first rotation promotes.
    if (!live.some((k) => k.status === 'next'))
      await trx
        .insertInto('signing_keys')
        .values(await newKeyRow(keyring, 'next'))
        .execute();
  });
}

/**
 * Rotation: the published `next` key (or a new one) becomes active, the active key retires but stays
 * in the JWKS until every token it signed has expired, and a fresh `next` key is published so
 * verifiers can cache it before it signs anything.
 */
export async function rotateSigningKeys(
  db: Db,
  keyring: Keyring,
): Promise<{ activated: string; retired: string | null }> {
  return await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
    let next = await trx
      .selectFrom('signing_keys')
      .select('kid')
      .where('status', '=', 'next')
      .executeTakeFirst();
    if (!next) {
      const row = await newKeyRow(keyring, 'next');
      await trx.insertInto('signing_keys').values(row).execute();
      next = { kid: row.kid };
    }
    const retired = await trx
      .updateTable('signing_keys')
      .set({ status: 'retired', retired_at: sql`now()` })
      .where('status', '=', 'active')
      .returning('kid')
      .executeTakeFirst();
    await trx
      .updateTable('signing_keys')
      .set({ status: 'active', activated_at: sql`now()` })
      .where('kid', '=', next.kid)
      .execute();
    await trx
      .insertInto('signing_keys')
      .values(await newKeyRow(keyring, 'next'))
      .execute();
    return { activated: next.kid, retired: retired?.kid ?? null };
  });
}

/** Deletes retired keys whose tokens have all expired. */
export async function pruneRetiredKeys(db: Db): Promise<number> {
  const res = await db
    .deleteFrom('signing_keys')
    .where('status', '=', 'retired')
    .where('retired_at', '<', new Date(Date.now() - RETIRED_KEY_PUBLISH_MS))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The active signing key (cached per instance for a short while) and the published key set. */
export class SigningKeys {
  private active: { value: ActiveKey; until: number } | null = null;

  constructor(
    private readonly db: Db,
    private readonly keyring: Keyring,
    private readonly cacheMs = 60_000,
  ) {}

  async current(): Promise<ActiveKey> {
    if (this.active && this.active.until > Date.now()) return this.active.value;
    const row = await this.db
      .selectFrom('signing_keys')
      .select(['kid', 'private_key_ciphertext'])
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!row) throw new Error('no active signing key (ensureSigningKey runs at start-up)');
    const pem = this.keyring.decryptString(row.private_key_ciphertext, signingKeyAad(row.kid));
    const value = { kid: row.kid, key: createPrivateKey(pem) };
    this.active = { value, until: Date.now() + this.cacheMs };
    return value;
  }

  /** next + active + recently retired public keys. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const rows = await this.db
      .selectFrom('signing_keys')
      .select('public_jwk')
      .where((eb) =>
        eb.or([
          eb('status', 'in', ['next', 'active']),
          eb('retired_at', '>', new Date(Date.now() - RETIRED_KEY_PUBLISH_MS)),
        ]),
      )
      .orderBy('created_at', 'desc')
      .execute();
    return { keys: rows.map((r) => r.public_jwk as JWK) };
  }
}
