import type { Db } from '@bmm/db';
import { sql } from 'kysely';

export type BuildStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
export const FINISHED: readonly BuildStatus[] = ['succeeded', 'failed', 'canceled'];

export interface ClaimedBuild {
  id: string;
  org_id: string;
  server_id: string;
  version_id: string;
  attempts: number;
  current_step: string | null;
  cancel_requested_at: Date | null;
  /** Seconds since the build was enqueued (its queue wait, on the first claim). */
  queued_seconds: number;
}

/** Serializes claims (one short statement each), so the per-org running cap holds across builders. */
const CLAIM_LOCK = 0x626d6d63; // "bmmc"

/**
 * Takes a queued build — or a running one whose worker stopped heartbeating — for this worker, fairly
 * across orgs: builds of orgs already running `orgConcurrency` builds wait, and among the rest the org
 * with the fewest running builds goes first (then the oldest build), so one org's long queue delays
 * another org's build by one slot at most. `FOR UPDATE SKIP LOCKED` never takes a build another claim
 * holds; the advisory lock makes concurrent claims count each other's running builds.
 */
export async function claimBuild(
  db: Db,
  workerId: string,
  staleAfterMs: number,
  orgConcurrency = Number.MAX_SAFE_INTEGER,
): Promise<ClaimedBuild | null> {
  return await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`.execute(trx);
    const stale = sql`now() - make_interval(secs => ${staleAfterMs / 1000})`;
    const result = await sql<ClaimedBuild>`
      update builds set
        status = 'running',
        worker_id = ${workerId},
        heartbeat_at = now(),
        started_at = coalesce(started_at, now()),
        attempts = attempts + 1
      where id = (
        select b.id from builds b
        cross join lateral (
          select count(*) as running from builds r
          where r.org_id = b.org_id and r.status = 'running' and r.heartbeat_at >= ${stale}
        ) o
        where (b.status = 'queued' or (b.status = 'running' and b.heartbeat_at < ${stale}))
          and o.running < ${orgConcurrency}
        order by o.running, b.created_at, b.id
        for update of b skip locked
        limit 1
      )
      returning id, org_id, server_id, version_id, attempts, current_step, cancel_requested_at,
        extract(epoch from now() - created_at)::float8 as queued_seconds`.execute(trx);
    return result.rows[0] ?? null;
  });
}

/** Marks the build alive; null when this worker no longer owns it (reclaimed or finished). */
export async function heartbeat(
  db: Db,
  buildId: string,
  workerId: string,
): Promise<{ cancelRequested: boolean } | null> {
  const row = await db
    .updateTable('builds')
    .set({ heartbeat_at: sql<Date>`now()` })
    .where('id', '=', buildId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'running')
    .returning('cancel_requested_at')
    .executeTakeFirst();
  return row ? { cancelRequested: row.cancel_requested_at !== null } : null;
}

/** Records the step in progress; false when the build is not this worker's (or already deployed). */
export async function setStep(db: Db, buildId: string, workerId: string, step: string): Promise<boolean> {
  const row = await db
    .updateTable('builds')
    .set({ current_step: step, heartbeat_at: sql<Date>`now()` })
    .where('id', '=', buildId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'running')
    // 'verify' is the deploy marker (set with the deploy, in one transaction): never overwrite it.
    .where(sql<boolean>`current_step is distinct from 'verify'`)
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}

/** Final status, only while this worker owns the build. */
export async function finishBuild(
  db: Db,
  buildId: string,
  workerId: string,
  status: 'succeeded' | 'failed' | 'canceled',
  error: string | null,
): Promise<boolean> {
  const row = await db
    .updateTable('builds')
    .set({ status, error, finished_at: sql<Date>`now()`, heartbeat_at: null })
    .where('id', '=', buildId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}

export function buildState(db: Db, buildId: string) {
  return db
    .selectFrom('builds as b')
    .innerJoin('server_versions as v', 'v.id', 'b.version_id')
    .select(['b.id', 'b.status', 'b.error', 'v.version'])
    .where('b.id', '=', buildId)
    .executeTakeFirst();
}

/** Gives a running build back to the queue (graceful shutdown) so another worker takes it now. */
export async function releaseBuild(db: Db, buildId: string, workerId: string): Promise<boolean> {
  const row = await db
    .updateTable('builds')
    .set({ status: 'queued', worker_id: null, heartbeat_at: null })
    .where('id', '=', buildId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}

/** The build row inside the deploy transaction, locked so a reclaim waits for the deploy to commit. */
export function lockBuildForDeploy(trx: Db, buildId: string) {
  return trx
    .selectFrom('builds')
    .select(['status', 'worker_id', 'current_step', 'cancel_requested_at'])
    .where('id', '=', buildId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** The deploy marker: `current_step` 'verify' means this build's version went live (see `setStep`). */
export async function markDeployed(trx: Db, buildId: string): Promise<void> {
  await trx.updateTable('builds').set({ current_step: 'verify' }).where('id', '=', buildId).execute();
}

/** Whether a person is a member of the build's org. */
export async function memberMaySeeBuild(db: Db, buildId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('builds')
    .innerJoin('memberships', 'memberships.org_id', 'builds.org_id')
    .select('builds.id')
    .where('builds.id', '=', buildId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether an API key of the build's org is live (not revoked). */
export async function apiKeyMaySeeBuild(db: Db, buildId: string, apiKeyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('builds')
    .innerJoin('api_keys', 'api_keys.org_id', 'builds.org_id')
    .select('builds.id')
    .where('builds.id', '=', buildId)
    .where('api_keys.id', '=', apiKeyId)
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Builds waiting in the queue (every builder's). */
export async function countQueued(db: Db): Promise<number> {
  const row = await db
    .selectFrom('builds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'queued')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
