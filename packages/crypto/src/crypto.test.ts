import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DecryptionError,
  hashPassword,
  Keyring,
  randomToken,
  safeEqual,
  sha256,
  signTicket,
  TicketError,
  verifyPassword,
  verifyTicket,
} from './index.js';

const key = () => ({ version: 1, key: randomBytes(32) });

describe('Keyring envelope encryption', () => {
  it('round-trips and never contains the plaintext', () => {
    const ring = new Keyring(key());
    const env = ring.encrypt('sk-very-secret', 'server_secret:s1:TOKEN');
    expect(env).not.toContain('sk-very-secret');
    expect(env.startsWith('bmm1.1.')).toBe(true);
    expect(ring.decryptString(env, 'server_secret:s1:TOKEN')).toBe('sk-very-secret');
  });

  it('refuses a ciphertext moved to another row', () => {
    const ring = new Keyring(key());
    const env = ring.encrypt('v', 'server_secret:s1:TOKEN');
    expect(() => ring.decrypt(env, 'server_secret:s2:TOKEN')).toThrow(DecryptionError);
  });

  it('refuses a tampered ciphertext', () => {
    const ring = new Keyring(key());
    const parts = ring.encrypt('hello world', 'a').split('.');
    const ct = Buffer.from(parts[6]!, 'base64url');
    ct[0]! ^= 1;
    parts[6] = ct.toString('base64url');
    expect(() => ring.decrypt(parts.join('.'), 'a')).toThrow(DecryptionError);
  });

  it('refuses the wrong key and an unknown version', () => {
    const env = new Keyring(key()).encrypt('v', 'a');
    expect(() => new Keyring(key()).decrypt(env, 'a')).toThrow(DecryptionError);
    expect(() => new Keyring({ version: 2, key: randomBytes(32) }).decrypt(env, 'a')).toThrow(/version 1/);
  });

  it('decrypts with a retired key after rotation and encrypts under the new one', () => {
    const v1 = key();
    const old = new Keyring(v1).encrypt('v', 'a');
    const rotated = new Keyring({ version: 2, key: randomBytes(32) }, [v1]);
    expect(rotated.decryptString(old, 'a')).toBe('v');
    expect(Keyring.versionOf(rotated.encrypt('v', 'a'))).toBe(2);
  });

  it('reads keys from config', () => {
    const k = randomBytes(32).toString('base64');
    const o = randomBytes(32).toString('base64');
    const ring = Keyring.fromConfig({
      BMM_MASTER_KEY: k,
      BMM_MASTER_KEY_VERSION: 3,
      BMM_OLD_MASTER_KEYS: `2:${o}`,
    });
    expect(ring.currentVersion).toBe(3);
    expect(new Keyring({ version: 2, key: Buffer.from(o, 'base64') }).encrypt('x', 'a')).toMatch(
      /^bmm1\.2\./,
    );
    expect(() => new Keyring({ version: 1, key: randomBytes(16) })).toThrow(/32 bytes/);
  });
});

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'wrong horse battery')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});

describe('tokens', () => {
  it('are prefixed, 256-bit, unique', () => {
    const t = randomToken('bmm_sess_');
    expect(t).toMatch(/^bmm_sess_[A-Za-z0-9_-]{43}$/);
    expect(randomToken('x')).not.toBe(randomToken('x'));
    expect(() => randomToken('x', 16)).toThrow();
  });
  it('sha256 and constant-time compare', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('tickets', () => {
  const k = randomBytes(32);
  it('verify with claims', () => {
    const t = signTicket(k, 'build-log', { buildId: 'b1', userId: 'u1' }, 60);
    expect(verifyTicket(k, t, 'build-log')).toMatchObject({
      buildId: 'b1',
      userId: 'u1',
      purpose: 'build-log',
    });
  });
  it('refuse expiry, wrong purpose, wrong key, tampering', () => {
    const t = signTicket(k, 'build-log', { buildId: 'b1' }, 60, Date.now() - 120_000);
    expect(() => verifyTicket(k, t, 'build-log')).toThrow(/expired/);
    const ok = signTicket(k, 'build-log', { buildId: 'b1' }, 60);
    expect(() => verifyTicket(k, ok, 'runner-verify')).toThrow(TicketError);
    expect(() => verifyTicket(randomBytes(32), ok, 'build-log')).toThrow(/signature/);
    const [body, mac] = ok.split('.');
    const forged = Buffer.from(JSON.stringify({ buildId: 'b2', purpose: 'build-log', exp: 9e9 })).toString(
      'base64url',
    );
    expect(() => verifyTicket(k, `${forged}.${mac}`, 'build-log')).toThrow(/signature/);
    expect(() => verifyTicket(k, `${body}`, 'build-log')).toThrow(/malformed/);
  });
});
