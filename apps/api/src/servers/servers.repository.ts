import type { Database, Db, ServerUpdate, Visibility } from '@bmm/db';
import { type Kysely, sql } from 'kysely';

export interface ServerRow {
  id: string;
  org_id: string;
  slug: string;
  name: string;
  description: string;
  visibility: Visibility;
  allowlist: string[];
  current_version_id: string | null;
  created_at: Date;
  updated_at: Date;
  currentVersion: number | null;
  latestVersion: number | null;
  latestBuildId: string | null;
  latestBuildStatus: string | null;
  toolCount: number;
}

/** Servers of an org with what their list rows show (current version, latest build, tool count). */
function serverRows(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('servers as s')
    .leftJoin('server_versions as cv', 'cv.id', 's.current_version_id')
    .select([
      's.id',
      's.org_id',
      's.slug',
      's.name',
      's.description',
      's.visibility',
      's.allowlist',
      's.current_version_id',
      's.created_at',
      's.updated_at',
      'cv.version as currentVersion',
    ])
    .select((eb) => [
      eb
        .selectFrom('server_versions as v')
        .select((e) => e.fn.max('v.version').as('m'))
        .whereRef('v.server_id', '=', 's.id')
        .as('latestVersion'),
      eb
        .selectFrom('builds as b')
        .select('b.id')
        .whereRef('b.server_id', '=', 's.id')
        .orderBy('b.created_at', 'desc')
        .orderBy('b.id', 'desc')
        .limit(1)
        .as('latestBuildId'),
      eb
        .selectFrom('builds as b')
        .select('b.status')
        .whereRef('b.server_id', '=', 's.id')
        .orderBy('b.created_at', 'desc')
        .orderBy('b.id', 'desc')
        .limit(1)
        .as('latestBuildStatus'),
      sql<number>`coalesce(jsonb_array_length(coalesce(cv.artifact, cv.spec, (
        select v2.spec from server_versions v2 where v2.server_id = s.id order by v2.version desc limit 1
      )) -> 'tools'), 0)`.as('toolCount'),
    ])
    .where('s.org_id', '=', orgId)
    .where('s.deleted_at', 'is', null);
}

export async function listServers(db: Db, orgId: string): Promise<ServerRow[]> {
  return (await serverRows(db, orgId)
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id')
    .execute()) as ServerRow[];
}

/** One live (not deleted) server of the org, or undefined: other orgs' servers do not exist here. */
export async function findServer(
  db: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<ServerRow | undefined> {
  return (await serverRows(db, orgId).where('s.id', '=', id).executeTakeFirst()) as ServerRow | undefined;
}

/** Locks the server row for a version bump or state change; undefined when not the org's. */
export function lockServer(trx: Kysely<Database>, orgId: string, id: string) {
  return trx
    .selectFrom('servers')
    .select(['id', 'slug', 'name', 'current_version_id'])
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function slugTaken(db: Kysely<Database>, slug: string): Promise<boolean> {
  // Deleted servers keep their slug forever: it was an OAuth audience.
  return Boolean(await db.selectFrom('servers').select('id').where('slug', '=', slug).executeTakeFirst());
}

export async function countServers(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('servers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertServer(
  trx: Kysely<Database>,
  s: {
    orgId: string;
    slug: string;
    name: string;
    description: string;
    visibility: Visibility;
    allowlist: string[];
    createdBy: string | null;
  },
) {
  return trx
    .insertInto('servers')
    .values({
      org_id: s.orgId,
      slug: s.slug,
      name: s.name,
      description: s.description,
      visibility: s.visibility,
      allowlist: s.allowlist,
      created_by: s.createdBy,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
}

export async function nextVersionNumber(trx: Kysely<Database>, serverId: string): Promise<number> {
  const row = await trx
    .selectFrom('server_versions')
    .select((eb) => eb.fn.max('version').as('m'))
    .where('server_id', '=', serverId)
    .executeTakeFirst();
  return Number(row?.m ?? 0) + 1;
}

export function insertVersion(
  trx: Kysely<Database>,
  v: { serverId: string; version: number; spec: unknown; createdBy: string | null },
) {
  return trx
    .insertInto('server_versions')
    .values({
      server_id: v.serverId,
      version: v.version,
      spec: JSON.stringify(v.spec),
      created_by: v.createdBy,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

export async function updateServer(trx: Kysely<Database>, id: string, patch: ServerUpdate) {
  await trx
    .updateTable('servers')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export function listVersions(db: Db, serverId: string) {
  return db
    .selectFrom('server_versions')
    .select(['id', 'version', 'spec_hash', 'published_at', 'created_at'])
    .where('server_id', '=', serverId)
    .orderBy('version', 'desc')
    .execute();
}

export function findVersion(db: Kysely<Database>, serverId: string, version: number) {
  return db
    .selectFrom('server_versions')
    .select(['id', 'version', 'published_at', 'spec', 'artifact'])
    .where('server_id', '=', serverId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** The spec people see: the live version's, else the newest draft's. */
export function displayedVersion(db: Db, serverId: string, currentVersionId: string | null) {
  let q = db
    .selectFrom('server_versions')
    .select(['id', 'version', 'spec', 'artifact'])
    .where('server_id', '=', serverId);
  q = currentVersionId ? q.where('id', '=', currentVersionId) : q.orderBy('version', 'desc').limit(1);
  return q.executeTakeFirst();
}

/** The newest tool calls the runner recorded for a server (no arguments: none are stored). */
export function recentCalls(db: Db, orgId: string, serverId: string, limit: number) {
  return (
    db
      .selectFrom('usage_events as e')
      // The name the client registered with (what the Connected clients tab shows), when it still exists.
      .leftJoin('oauth_clients as c', 'c.client_id', 'e.client_id')
      .select([
        'e.id',
        'e.tool',
        'e.status',
        'e.duration_ms',
        'e.client_id',
        'c.name as client_name',
        'e.trace_id',
        'e.error',
        'e.created_at',
      ])
      .where('e.org_id', '=', orgId)
      .where('e.server_id', '=', serverId)
      // Ids follow insertion order and (server_id, id) is indexed; created_at would need a scan.
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute()
  );
}

/**
 * Calls, errors and latency percentiles of a server's tool calls per hour over the last `hours`
 * (buckets without calls are left out). Reads usage_events by (server_id, created_at).
 */
export async function latencySeries(db: Db, orgId: string, serverId: string, hours: number) {
  const result = await sql<{
    bucket: Date;
    calls: number;
    errors: number;
    p50: number;
    p95: number;
    p99: number;
  }>`
    select date_trunc('hour', created_at) as bucket,
           count(*)::int as calls,
           (count(*) filter (where status = 'error'))::int as errors,
           percentile_cont(0.5) within group (order by duration_ms) as p50,
           percentile_cont(0.95) within group (order by duration_ms) as p95,
           percentile_cont(0.99) within group (order by duration_ms) as p99
    from usage_events
    where org_id = ${orgId} and server_id = ${serverId}
      and created_at >= date_trunc('hour', now()) - make_interval(hours => ${hours - 1})
    group by bucket
    order by bucket`.execute(db);
  return result.rows;
}

/** People with a live (not revoked) upstream sign-in, per upstream id of one server. */
export async function connectedUsersByUpstream(db: Db, serverId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('upstream_tokens')
    .select(['upstream_id', db.fn.count<string>('user_id').distinct().as('users')])
    .where('server_id', '=', serverId)
    .where('revoked_at', 'is', null)
    .groupBy('upstream_id')
    .execute();
  return new Map(rows.map((r) => [r.upstream_id, Number(r.users)]));
}
