import { generateKeyPair, type JWTVerifyGetKey, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidToken } from './errors.js';
import { createAccessTokenVerifier } from './verifier.js';

const ISSUER = 'https://as.example.test';
const AUD = 'https://runner.example.test/s/mcp';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let privateKey: Key;
let otherKey: Key;
let publicKey: Key;

beforeAll(async () => {
  ({ privateKey, publicKey } = await generateKeyPair('ES256'));
  ({ privateKey: otherKey } = await generateKeyPair('ES256'));
});

async function token(claims: Record<string, unknown> = {}, key = privateKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ client_id: 'c1', scope: 'mcp:tools', jti: `j-${Math.random()}`, ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })
    .setIssuer(ISSUER)
    .setSubject('u1')
    .setAudience(AUD)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}

/** A verifier whose key lookups (one per signature check) and cache lookups are counted. */
function counted(options: { revoked?: Set<string>; now?: () => number } = {}) {
  const counts = { keyLookups: 0, hits: 0, misses: 0 };
  const keys: JWTVerifyGetKey = async () => {
    counts.keyLookups++;
    return publicKey;
  };
  const verifier = createAccessTokenVerifier({
    issuer: ISSUER,
    jwksUrl: 'https://as.example.test/jwks',
    keys,
    isRevoked: (jti) => options.revoked?.has(jti) ?? false,
    onCacheLookup: (hit) => (hit ? counts.hits++ : counts.misses++),
    ...(options.now && { now: options.now }),
  });
  return { verifier, counts };
}

describe('access token verifier cache', () => {
  it('checks a signature once per token, and a second token of the same claims on its own', async () => {
    const { verifier, counts } = counted();
    const raw = await token({ jti: 'same' });
    const first = await verifier.verify(raw, AUD);
    // A copy of the string (a new request's header) finds the entry: the key is the token's text.
    const again = await verifier.verify(`${raw} `.trim(), AUD);
    expect(again).toBe(first);
    expect(counts).toEqual({ keyLookups: 1, hits: 1, misses: 1 });
    const sibling = await token({ jti: 'same' });
    await verifier.verify(sibling, AUD);
    expect(counts.keyLookups).toBe(2);
  });

  it('never caches a token that failed, so each attempt is checked again', async () => {
    const { verifier, counts } = counted();
    const forged = await token({}, otherKey);
    for (let i = 0; i < 2; i++)
      await expect(verifier.verify(forged, AUD)).rejects.toBeInstanceOf(InvalidToken);
    expect(counts).toMatchObject({ keyLookups: 2, hits: 0, misses: 2 });
  });

  it('checks audience, revocation and expiry on every cached use', async () => {
    const revoked = new Set<string>();
    let clock = Date.now();
    const { verifier, counts } = counted({ revoked, now: () => clock });
    const raw = await token({ jti: 'j-cached' });
    await verifier.verify(raw, AUD);
    await expect(verifier.verify(raw, 'https://runner.example.test/other/mcp')).rejects.toThrow(
      'not meant for this server',
    );
    revoked.add('j-cached');
    await expect(verifier.verify(raw, AUD)).rejects.toThrow('revoked');
    revoked.clear();
    clock += 400_000;
    await expect(verifier.verify(raw, AUD)).rejects.toThrow('expired');
    expect(counts.keyLookups).toBe(1);
    // The expired entry was dropped: the next use is a miss (and fails on the signature check's claims).
    await expect(verifier.verify(raw, AUD)).rejects.toThrow('expired');
    expect(counts.misses).toBe(2);
  });

  it('forgets every cached verification of a revoked jti', async () => {
    const { verifier, counts } = counted();
    const raw = await token({ jti: 'j-forget' });
    await verifier.verify(raw, AUD);
    verifier.forget('j-forget');
    await verifier.verify(raw, AUD);
    expect(counts).toMatchObject({ keyLookups: 2, misses: 2 });
  });
});
