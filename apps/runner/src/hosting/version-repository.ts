import { type Keyring, serverSecretAad } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type { ServerSpec } from '@bmm/spec';
import { sql } from 'kysely';
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
 * A version with its server and decrypted secrets: `artifact` (the packaged spec) or, before publish,
 * `spec`. One round trip: the secrets come along as a JSON array (a cold version's load waits on it).
 */
async function loadVersion(
  db: Db,
  keyring: Keyring,
  match: { slug: string } | { versionId: string },
): Promise<VersionSource | null> {
  let query = db
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
  query =
    'slug' in match
      ? query
          .where('servers.slug', '=', match.slug)
          .whereRef('server_versions.id', '=', 'servers.current_version_id')
      : query.where('server_versions.id', '=', match.versionId);
  const row = await query.executeTakeFirst();
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
