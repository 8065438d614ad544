import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Keyring, serverSecretAad } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type { ServerSpec } from '@bmm/spec';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export function testKeyring(): Keyring {
  return new Keyring({ version: 1, key: randomBytes(32) });
}

interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  jwk: JWK;
}

export interface TokenOptions {
  kid?: string;
  typ?: string;
  /** Claims to drop from the defaults. */
  omit?: string[];
}

/** An authorization server's signing side: RSA keys, a JWKS over HTTP, and a token minter. */
export interface JwksFixture {
  issuer: string;
  jwksUrl: string;
  /** Number of JWKS fetches served (to observe caching and rotation). */
  fetches: number;
  sign(claims: Record<string, unknown>, options?: TokenOptions): Promise<string>;
  /** A new key, published at once or only later (`publish()`), to simulate rotation. */
  addKey(publishNow?: boolean): Promise<string>;
  publish(kid: string): void;
  publicJwk(kid?: string): JWK;
  close(): Promise<void>;
}

export async function startJwks(issuer = 'http://127.0.0.1:1/oauth'): Promise<JwksFixture> {
  const keys = new Map<string, SigningKey>();
  const published = new Set<string>();
  let firstKid = '';
  const state = { fetches: 0 };
  const server: Server = createServer((req, res) => {
    if (req.url !== '/jwks') return void res.writeHead(404).end();
    state.fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [...published].map((kid) => keys.get(kid)!.jwk) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  async function addKey(publishNow = true): Promise<string> {
    const kid = `k-${randomUUID().slice(0, 8)}`;
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    keys.set(kid, { kid, privateKey, jwk });
    if (publishNow) published.add(kid);
    return kid;
  }
  firstKid = await addKey();

  return {
    issuer,
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    get fetches() {
      return state.fetches;
    },
    async sign(claims, options = {}) {
      const key = keys.get(options.kid ?? firstKid)!;
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: issuer,
        sub: randomUUID(),
        client_id: 'test-client',
        scope: 'mcp:tools',
        iat: now,
        exp: now + 3600,
        jti: randomUUID(),
        ...claims,
      };
      for (const name of options.omit ?? []) delete payload[name];
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', typ: options.typ ?? 'at+jwt', kid: key.kid })
        .sign(key.privateKey);
    },
    addKey,
    publish(kid) {
      published.add(kid);
    },
    publicJwk(kid) {
      return keys.get(kid ?? firstKid)!.jwk;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface SeededServer {
  orgId: string;
  serverId: string;
  versionId: string;
}

/** An org, a server and a deployed version (artifact = spec), with encrypted secrets. */
export async function seedServer(
  db: Db,
  keyring: Keyring,
  spec: ServerSpec,
  options: {
    plan?: string;
    secrets?: Record<string, string>;
    orgId?: string;
    visibility?: 'org' | 'public' | 'allowlist';
  } = {},
): Promise<SeededServer> {
  const orgId =
    options.orgId ??
    (
      await db
        .insertInto('orgs')
        .values({ name: `Org ${spec.slug}`, plan: options.plan ?? 'team' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const server = await db
    .insertInto('servers')
    .values({
      org_id: orgId,
      slug: spec.slug,
      name: spec.name,
      description: spec.description,
      visibility: options.visibility ?? 'org',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [name, value] of Object.entries(options.secrets ?? {})) {
    await db
      .insertInto('server_secrets')
      .values({
        server_id: server.id,
        name,
        ciphertext: keyring.encrypt(value, serverSecretAad(server.id, name)),
        key_version: keyring.currentVersion,
      })
      .execute();
  }
  const versionId = await deployVersion(db, server.id, spec, 1);
  return { orgId, serverId: server.id, versionId };
}

/** Publishes a new version and makes it current (what the builder's deploy step does, minus NOTIFY). */
export async function deployVersion(
  db: Db,
  serverId: string,
  spec: ServerSpec,
  version: number,
): Promise<string> {
  const row = await db
    .insertInto('server_versions')
    .values({
      server_id: serverId,
      version,
      spec: JSON.stringify(spec),
      artifact: JSON.stringify(spec),
      published_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('servers').set({ current_version_id: row.id }).where('id', '=', serverId).execute();
  return row.id;
}
