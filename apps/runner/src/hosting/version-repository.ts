import { type Keyring, serverSecretAad } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type { ServerSpec } from '@bmm/spec';
import { CompiledQuery, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { VersionSource } from './hosted-version.js';

function decryptSecrets(
  keyring: Keyring,
  serverId: string,
  rows: Array<{ name: string; ciphertext: string }>,
): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const row of rows)
    secrets[row.name] = keyring.decryptString(row.ciphertext, serverSecretAad(serverId, row.name));
  return secrets;
}

/**
 * A version with its server and its secrets' ciphertexts: `artifact` (the packaged spec) or, before
 * publish, `spec`. One round trip: the secrets come along as a JSON array.
 */
function versionQuery(db: Db, match: { slug: string } | { versionId: string }) {
  const query = db
    .selectFrom('servers')
    .innerJoin('server_versions', 'server_versions.server_id', 'servers.id')
    .select([
      'servers.id as serverId',
      'servers.org_id as orgId',
      'servers.slug as slug',
      'servers.visibility as visibility',
      'server_versions.id as versionId',
      'server_versions.version as version',
      // The packaged spec, else (before publish) the draft: only one of them crosses the wire.
      sql<ServerSpec>`coalesce(server_versions.artifact, server_versions.spec)`.as('spec'),
      (eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('server_secrets')
            .select(['server_secrets.name', 'server_secrets.ciphertext'])
            .whereRef('server_secrets.server_id', '=', 'servers.id'),
        ).as('secrets'),
    ])
    .where('servers.deleted_at', 'is', null);
  return 'slug' in match
    ? query
        .where('servers.slug', '=', match.slug)
        .whereRef('server_versions.id', '=', 'servers.current_version_id')
    : query.where('server_versions.id', '=', match.versionId);
}

type VersionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof versionQuery>['executeTakeFirst']>>>;

/**
 * The by-slug query's SQL, built once per database handle: a cold version's load is on a request's
 * path, and building and compiling the query each time cost a third of a millisecond of CPU.
 */
const bySlugSql = new WeakMap<Db, string>();

function fetchBySlug(db: Db, slug: string): Promise<VersionRow | undefined> {
  let text = bySlugSql.get(db);
  if (text === undefined) {
    const compiled = versionQuery(db, { slug }).compile();
    if (compiled.parameters.length !== 1 || compiled.parameters[0] !== slug)
      throw new Error('the version query must take the slug as its only parameter');
    text = compiled.sql;
    bySlugSql.set(db, text);
  }
  return db.executeQuery<VersionRow>(CompiledQuery.raw(text, [slug])).then((result) => result.rows[0]);
}

async function loadVersion(
  db: Db,
  keyring: Keyring,
  match: { slug: string } | { versionId: string },
): Promise<VersionSource | null> {
  const row = await ('slug' in match
    ? fetchBySlug(db, match.slug)
    : versionQuery(db, match).executeTakeFirst());
  if (!row) return null;
  return {
    serverId: row.serverId,
    orgId: row.orgId,
    slug: row.slug,
    visibility: row.visibility,
    versionId: row.versionId,
    version: row.version,
    spec: row.spec,
    secrets: decryptSecrets(keyring, row.serverId, row.secrets),
  };
}

/** The live version of a server by slug (its current_version_id), or null when none. */
export function loadCurrentVersion(db: Db, keyring: Keyring, slug: string): Promise<VersionSource | null> {
  return loadVersion(db, keyring, { slug });
}

/** Any version by id (the builder verifies a version right after deploying it). */
export function loadVersionById(db: Db, keyring: Keyring, versionId: string): Promise<VersionSource | null> {
  return loadVersion(db, keyring, { versionId });
}
