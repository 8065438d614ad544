import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { type Keyring, signingKeyAad } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { ACCESS_TOKEN_ALGS, ACCESS_TOKEN_TYPE, type AccessTokenAlg } from '@bmm/oauth';
import { exportJWK, type JWK } from 'jose';
import { RETIRED_KEY_PUBLISH_MS } from '../lifetimes.js';
import {
  activateKey,
  deleteKeysRetiredBefore,
  findSigningKey,
  insertSigningKey,
  liveSigningKeys,
  lockSigningKeys,
  publishedKeys,
  retireActiveKey,
} from './signing-keys.repository.js';

/** The key access tokens are signed with, imported once per cache period. */
export interface ActiveKey {
  kid: string;
  alg: AccessTokenAlg;
  key: KeyObject;
  /** The JWS protected header `{alg, typ: at+jwt, kid}`, base64url-encoded once. */
  header: string;
}

function generateKeyPair(alg: AccessTokenAlg) {
  return alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
}

async function newKeyRow(keyring: Keyring, alg: AccessTokenAlg, status: 'next' | 'active') {
  const { privateKey, publicKey } = generateKeyPair(alg);
  const kid = randomBytes(12).toString('base64url');
  const jwk = await exportJWK(publicKey);
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    kid,
    alg,
    public_jwk: JSON.stringify({ ...jwk, kid, alg, use: 'sig' }),
    private_key_ciphertext: keyring.encrypt(pem, signingKeyAad(kid)),
    status,
    activated_at: status === 'active' ? new Date() : null,
  };
}

/**
 * Creates the missing active and next key of each algorithm (first start; the first start after ES256
 * came). Safe from many instances at once. The next key is published from the start, so verifiers
 * already hold the key the first rotation promotes.
 */
export async function ensureSigningKeys(db: Db, keyring: Keyring): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockSigningKeys(trx);
    const live = await liveSigningKeys(trx);
    for (const alg of ACCESS_TOKEN_ALGS)
      for (const status of ['active', 'next'] as const)
        if (!live.some((k) => k.alg === alg && k.status === status))
          await insertSigningKey(trx, await newKeyRow(keyring, alg, status));
  });
}

export interface RotatedKey {
  alg: AccessTokenAlg;
  activated: string;
  retired: string | null;
}

/**
 * Rotation, per algorithm: the published `next` key (or a new one) becomes active, the active key
 * retires but stays in the JWKS until every token it signed has expired, and a fresh `next` key is
 * published so verifiers can cache it before it signs anything.
 */
export async function rotateSigningKeys(
  db: Db,
  keyring: Keyring,
  algs: readonly AccessTokenAlg[] = ACCESS_TOKEN_ALGS,
): Promise<RotatedKey[]> {
  return await db.transaction().execute(async (trx) => {
    await lockSigningKeys(trx);
    const rotated: RotatedKey[] = [];
    for (const alg of algs) {
      let next = (await findSigningKey(trx, alg, 'next'))?.kid;
      if (!next) {
        const row = await newKeyRow(keyring, alg, 'next');
        await insertSigningKey(trx, row);
        next = row.kid;
      }
      const retired = await retireActiveKey(trx, alg);
      await activateKey(trx, next);
      await insertSigningKey(trx, await newKeyRow(keyring, alg, 'next'));
      rotated.push({ alg, activated: next, retired });
    }
    return rotated;
  });
}

/** Deletes retired keys whose tokens have all expired. */
export async function pruneRetiredKeys(db: Db): Promise<number> {
  return await deleteKeysRetiredBefore(db, new Date(Date.now() - RETIRED_KEY_PUBLISH_MS));
}

/** The active signing key of each algorithm (cached per instance for a short while) and the published key set. */
export class SigningKeys {
  private readonly active = new Map<AccessTokenAlg, { value: ActiveKey; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly keyring: Keyring,
    private readonly cacheMs = 60_000,
  ) {}

  async current(alg: AccessTokenAlg): Promise<ActiveKey> {
    const cached = this.active.get(alg);
    if (cached && cached.until > Date.now()) return cached.value;
    const row = await findSigningKey(this.db, alg, 'active');
    if (!row) throw new Error(`no active ${alg} signing key (ensureSigningKeys runs at start-up)`);
    const pem = this.keyring.decryptString(row.private_key_ciphertext, signingKeyAad(row.kid));
    const header = Buffer.from(JSON.stringify({ alg, typ: ACCESS_TOKEN_TYPE, kid: row.kid })).toString(
      'base64url',
    );
    const value: ActiveKey = { kid: row.kid, alg, key: createPrivateKey(pem), header };
    this.active.set(alg, { value, until: Date.now() + this.cacheMs });
    return value;
  }

  /** next + active + recently retired public keys, of every algorithm. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const keys = await publishedKeys(this.db, new Date(Date.now() - RETIRED_KEY_PUBLISH_MS));
    return { keys: keys as JWK[] };
  }
}
