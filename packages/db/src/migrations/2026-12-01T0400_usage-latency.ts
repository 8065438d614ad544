import { type Kysely, sql } from 'kysely';

// Frozen in time once released: this migration imports no app code.

/**
 * Usage over time: latency percentiles and error rates per time bucket read recent calls of one
 * server by time, and each call keeps the trace id it ran under when tracing is on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('usage_events')
    .addColumn('trace_id', 'text', (c) => c.check(sql`trace_id ~ '^[0-9a-f]{32}$'`))
    .execute();
  await db.schema
    .createIndex('usage_events_server_time_idx')
    .on('usage_events')
    .columns(['server_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('usage_events_server_time_idx').execute();
  await db.schema.alterTable('usage_events').dropColumn('trace_id').execute();
}
