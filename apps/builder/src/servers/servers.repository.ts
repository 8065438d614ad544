import type { Db } from '@bmm/db';
import { sql } from 'kysely';

/** The server a build belongs to (deleted ones too: the caller decides). */
export function findServer(db: Db, serverId: string) {
  return db
    .selectFrom('servers')
    .select(['id', 'org_id', 'slug', 'current_version_id', 'deleted_at'])
    .where('id', '=', serverId)
    .executeTakeFirst();
}

/** A version of that server, with its submitted spec. */
export function findVersion(db: Db, serverId: string, versionId: string) {
  return db
    .selectFrom('server_versions')
    .select(['id', 'version', 'spec', 'spec_hash', 'published_at'])
    .where('id', '=', versionId)
    .where('server_id', '=', serverId)
    .executeTakeFirst();
}

/** Names of the secrets set on a server (never their values). */
export async function secretNames(db: Db, serverId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('server_secrets')
    .select('name')
    .where('server_id', '=', serverId)
    .execute();
  return rows.map((r) => r.name);
}

/**
 * Sets a version's artifact and hash, once: false when it was already published (a version is
 * immutable). `artifactJson` is the artifact's JSON text.
 */
export async function publishVersion(
  db: Db,
  versionId: string,
  artifact: { json: string; hash: string },
): Promise<boolean> {
  const row = await db
    .updateTable('server_versions')
    .set({ artifact: artifact.json, spec_hash: artifact.hash, published_at: sql<Date>`now()` })
    .where('id', '=', versionId)
    .where('published_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The hash a version was published with (null before publish). */
export async function publishedHash(db: Db, versionId: string): Promise<string | null> {
  const row = await db
    .selectFrom('server_versions')
    .select('spec_hash')
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  return row.spec_hash;
}

/** The server row inside the deploy transaction, locked against a concurrent deploy or delete. */
export function lockServer(trx: Db, serverId: string) {
  return trx
    .selectFrom('servers')
    .select(['current_version_id', 'deleted_at'])
    .where('id', '=', serverId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Points the server at a version (deploy). */
export async function setCurrentVersion(trx: Db, serverId: string, versionId: string): Promise<void> {
  await trx
    .updateTable('servers')
    .set({ current_version_id: versionId, updated_at: sql<Date>`now()` })
    .where('id', '=', serverId)
    .execute();
}

/**
 * Puts the previous version back, only while `failedVersionId` is still current (nobody deployed
 * since); false when it was not.
 */
export async function restoreVersion(
  db: Db,
  serverId: string,
  failedVersionId: string,
  previousVersionId: string | null,
): Promise<boolean> {
  const row = await db
    .updateTable('servers')
    .set({ current_version_id: previousVersionId, updated_at: sql<Date>`now()` })
    .where('id', '=', serverId)
    .where('current_version_id', '=', failedVersionId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
