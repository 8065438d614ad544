import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { StatusSample, StatusState } from '../tables/status.js';

/** The start of the minute `at` falls in: the key of a status sample. */
export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/**
 * Records what a sampler read from a service's `/readyz` in a minute. Several api instances sample
 * the same minute: the row keeps the worst reading (down > degraded > up), so an outage one instance
 * saw is never painted over by another's later success.
 */
export async function recordServiceState(
  db: Kysely<Database>,
  sample: { service: string; at: Date; state: StatusState },
): Promise<void> {
  await db
    .insertInto('status_samples')
    .values({ service: sample.service, minute: minuteOf(sample.at), state: sample.state })
    .onConflict((oc) =>
      oc.columns(['service', 'minute']).doUpdateSet({
        state: sql<StatusState>`case
          when status_samples.state = 'down' or excluded.state = 'down' then 'down'
          when status_samples.state = 'degraded' or excluded.state = 'degraded' then 'degraded'
          else 'up' end`,
      }),
    )
    .execute();
}

/** Adds requests answered and 5xx responses of one service instance to a minute's totals. */
export async function addServiceCounts(
  db: Kysely<Database>,
  counts: { service: string; at: Date; requests: number; errors: number },
): Promise<void> {
  await db
    .insertInto('status_samples')
    .values({
      service: counts.service,
      minute: minuteOf(counts.at),
      requests: counts.requests,
      errors: counts.errors,
    })
    .onConflict((oc) =>
      oc.columns(['service', 'minute']).doUpdateSet({
        requests: sql<number>`status_samples.requests + excluded.requests`,
        errors: sql<number>`status_samples.errors + excluded.errors`,
      }),
    )
    .execute();
}

/** Every sample from the minute of `since` on, oldest first. */
export async function statusSamplesSince(db: Kysely<Database>, since: Date): Promise<StatusSample[]> {
  return await db
    .selectFrom('status_samples')
    .selectAll()
    .where('minute', '>=', minuteOf(since))
    .orderBy('minute')
    .orderBy('service')
    .execute();
}

/** Drops samples of minutes before `before`. */
export async function pruneStatusSamples(db: Kysely<Database>, before: Date): Promise<number> {
  const res = await db.deleteFrom('status_samples').where('minute', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}
