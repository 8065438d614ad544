import { randomBytes } from 'node:crypto';
import { Keyring, serverSecretAad } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type { ServerSpec } from '@bmm/spec';

export const testKeyring = () => new Keyring({ version: 1, key: randomBytes(32) });

export interface Seeded {
  orgId: string;
  userId: string;
  serverId: string;
  slug: string;
}

/** A user, an org and a server (no version yet). */
export async function seedServer(db: Db, slug = `srv-${randomBytes(4).toString('hex')}`): Promise<Seeded> {
  const user = await db
    .insertInto('users')
    .values({ email: `${slug}@example.com`, name: 'Builder Test', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const org = await db
    .insertInto('orgs')
    .values({ name: `Org ${slug}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ org_id: org.id, user_id: user.id, role: 'owner' }).execute();
  const server = await db
    .insertInto('servers')
    .values({ org_id: org.id, slug, name: slug, created_by: user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { orgId: org.id, userId: user.id, serverId: server.id, slug };
}

export async function setSecret(db: Db, keyring: Keyring, serverId: string, name: string, value: string) {
  await db
    .insertInto('server_secrets')
    .values({
      server_id: serverId,
      name,
      ciphertext: keyring.encrypt(value, serverSecretAad(serverId, name)),
      key_version: 1,
    })
    .onConflict((oc) =>
      oc.columns(['server_id', 'name']).doUpdateSet({ ciphertext: (eb) => eb.ref('excluded.ciphertext') }),
    )
    .execute();
}

/** A new version of the server with this spec, and a queued build of it. */
export async function enqueueBuild(db: Db, s: Seeded, spec: Omit<ServerSpec, 'slug'> & { slug?: string }) {
  const last = await db
    .selectFrom('server_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('server_id', '=', s.serverId)
    .executeTakeFirst();
  const version = await db
    .insertInto('server_versions')
    .values({
      server_id: s.serverId,
      version: Number(last?.v ?? 0) + 1,
      spec: JSON.stringify({ ...spec, slug: spec.slug ?? s.slug }) as never,
      created_by: s.userId,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
  const build = await db
    .insertInto('builds')
    .values({ org_id: s.orgId, server_id: s.serverId, version_id: version.id, created_by: s.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { buildId: build.id, versionId: version.id, version: version.version };
}

export async function waitForBuild(db: Db, buildId: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const b = await db.selectFrom('builds').selectAll().where('id', '=', buildId).executeTakeFirstOrThrow();
    if (b.status === 'succeeded' || b.status === 'failed' || b.status === 'canceled') return b;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`build ${buildId} did not finish in ${timeoutMs} ms`);
}

export async function logsOf(db: Db, buildId: string) {
  return db.selectFrom('build_logs').selectAll().where('build_id', '=', buildId).orderBy('seq').execute();
}

export const calculatorSpec = (name = 'Calc'): Omit<ServerSpec, 'slug'> => ({
  name,
  description: 'adds numbers',
  secrets: [],
  tools: [
    {
      name: 'add',
      description: 'Adds a and b.',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      impl: {
        kind: 'code',
        source: 'export default async function (input) { return { sum: input.a + input.b }; }',
      },
      examples: [{ input: { a: 2, b: 3 }, expect: { contains: '"sum":5' } }],
    },
  ],
});

/**
 * `count` http tools with input schemas of some size, as an OpenAPI import makes them: validating a
 * spec compiles each tool's schemas with ajv, which is what makes a wide spec heavy to validate.
 * They send `Bearer {{secrets.API_TOKEN}}` (declare that secret) and have no examples.
 */
export function wideTools(count: number, prefix = 'op'): ServerSpec['tools'] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}_${i}`,
    description: `Operation ${i}.`,
    inputSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' },
        limit: { type: 'integer', minimum: 1, maximum: 100 },
        filter: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 200 },
            tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] } },
            since: { type: 'string', format: 'date-time' },
          },
        },
        body: {
          type: 'object',
          properties: Object.fromEntries(
            Array.from({ length: 12 }, (_, k) => [`f${k}`, { type: k % 2 ? 'number' : 'string' }]),
          ),
        },
      },
    },
    impl: {
      kind: 'http',
      method: 'POST',
      url: `https://api.example.com/v1/things/{{input.id}}/${prefix}${i}`,
      headers: { authorization: 'Bearer {{secrets.API_TOKEN}}' },
    },
  }));
}
