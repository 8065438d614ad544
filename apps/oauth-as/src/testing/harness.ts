import { randomBytes } from 'node:crypto';
import { Keyring, randomToken, sha256 } from '@bmm/crypto';
import { type Db, freePort } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import type { FastifyInstance } from 'fastify';
import { type AsConfig, buildApp } from '../app.js';

export const RUNNER_URL = 'http://runner.test';
export const WEB_URL = 'http://web.test';

/** One master key for the whole test run: signing keys in a test database outlive one app instance. */
export const testKeyring = new Keyring({ version: 1, key: randomBytes(32) });

export interface Harness {
  app: FastifyInstance;
  issuer: string;
  keyring: Keyring;
  close(): Promise<void>;
}

/** The real app on a real port; the issuer is http://127.0.0.1:<port><path>. */
export async function startAs(
  db: Db,
  options: { path?: string; config?: Partial<AsConfig>; keyring?: Keyring } = {},
): Promise<Harness> {
  const keyring = options.keyring ?? testKeyring;
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}${options.path ?? ''}`;
  const app = await buildApp({
    db,
    logger: createLogger({ name: 'oauth-as-test', level: 'silent' }),
    keyring,
    config: {
      issuer,
      runnerUrl: RUNNER_URL,
      webUrl: WEB_URL,
      accessTokenTtl: 3600,
      cimdAllowPrivateNetwork: false,
      registrationsPerMinute: 1000,
      ...options.config,
    },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { app, issuer, keyring, close: () => app.close() };
}

export interface SeededUser {
  id: string;
  email: string;
  /** Cookie header carrying the session. */
  cookie: string;
}

/** A user with a live session, the way the API creates them; verified (clicked the email link) unless told. */
export async function seedUser(
  db: Db,
  email: string,
  options: { verified?: boolean } = {},
): Promise<SeededUser> {
  const user = await db
    .insertInto('users')
    .values({
      email,
      name: email.split('@')[0] as string,
      password_hash: 'not-used',
      email_verified_at: options.verified === false ? null : new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = randomToken('bmm_sess_');
  await db
    .insertInto('sessions')
    .values({ user_id: user.id, token_hash: sha256(token), expires_at: new Date(Date.now() + 86_400_000) })
    .execute();
  return { id: user.id, email, cookie: `bmm_session=${token}` };
}

export interface SeededServer {
  id: string;
  orgId: string;
  slug: string;
  resource: string;
}

/** An org owned by `owner` with a server whose published version is live. */
export async function seedServer(
  db: Db,
  owner: SeededUser,
  slug: string,
  options: { visibility?: 'org' | 'public' | 'allowlist'; allowlist?: string[]; toolScopes?: string[] } = {},
): Promise<SeededServer> {
  const org = await db
    .insertInto('orgs')
    .values({ name: `Org of ${slug}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ org_id: org.id, user_id: owner.id, role: 'owner' }).execute();
  const server = await db
    .insertInto('servers')
    .values({
      org_id: org.id,
      slug,
      name: `Server ${slug}`,
      visibility: options.visibility ?? 'org',
      allowlist: options.allowlist ?? [],
      created_by: owner.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const spec = {
    name: `Server ${slug}`,
    slug,
    description: 'test',
    secrets: [],
    tools: [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        inputSchema: { type: 'object' },
        ...(options.toolScopes ? { scopes: options.toolScopes } : {}),
        impl: { kind: 'http', method: 'GET', url: 'https://api.example.com/w' },
      },
    ],
  };
  const version = await db
    .insertInto('server_versions')
    .values({
      server_id: server.id,
      version: 1,
      spec: JSON.stringify(spec),
      artifact: JSON.stringify(spec),
      published_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('servers')
    .set({ current_version_id: version.id })
    .where('id', '=', server.id)
    .execute();
  return { id: server.id, orgId: org.id, slug, resource: `${RUNNER_URL}/${slug}/mcp` };
}
