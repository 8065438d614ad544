import type { Database, Db } from '@bmm/db';
import { type Kysely, sql } from 'kysely';

export const buildColumns = [
  'b.id',
  'b.server_id',
  'b.version_id',
  'v.version',
  'b.status',
  'b.current_step',
  'b.error',
  'b.attempts',
  'b.cancel_requested_at',
  'b.created_at',
  'b.started_at',
  'b.finished_at',
] as const;

export function insertBuild(
  trx: Kysely<Database>,
  b: { orgId: string; serverId: string; versionId: string; createdBy: string | null },
) {
  return trx
    .insertInto('builds')
    .values({ org_id: b.orgId, server_id: b.serverId, version_id: b.versionId, created_by: b.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function builds(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('builds as b')
    .innerJoin('server_versions as v', 'v.id', 'b.version_id')
    .innerJoin('servers as s', 's.id', 'b.server_id')
    .select(buildColumns)
    .where('b.org_id', '=', orgId)
    .where('s.deleted_at', 'is', null);
}

export type BuildRow = Awaited<ReturnType<typeof findBuild>> & {};

/** A build of the org's (live) server, or undefined. */
export function findBuild(db: Kysely<Database>, orgId: string, id: string) {
  return builds(db, orgId).where('b.id', '=', id).executeTakeFirst();
}

export function listServerBuilds(db: Db, orgId: string, serverId: string, limit: number) {
  return builds(db, orgId)
    .where('b.server_id', '=', serverId)
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(limit)
    .execute();
}

/** Cancels a queued build now, or asks the builder to stop a running one. Returns the new state. */
export async function cancelBuild(
  trx: Kysely<Database>,
  id: string,
): Promise<'canceled' | 'cancel_requested' | null> {
  const queued = await trx
    .updateTable('builds')
    .set({ status: 'canceled', finished_at: sql<Date>`now()`, cancel_requested_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .returning('id')
    .executeTakeFirst();
  if (queued) return 'canceled';
  const running = await trx
    .updateTable('builds')
    .set({ cancel_requested_at: sql<Date>`coalesce(cancel_requested_at, now())` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return running ? 'cancel_requested' : null;
}

/** Every unfinished build of a server (when the server is deleted). */
export function unfinishedBuildIds(trx: Kysely<Database>, serverId: string) {
  return trx
    .selectFrom('builds')
    .select('id')
    .where('server_id', '=', serverId)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}
