import { type Kysely, sql } from 'kysely';

// Frozen in time once released: this migration imports no app code.

/**
 * The public status page's history: one row per service and minute. The api's sampler records the
 * state it read from the service's `/readyz` (several api instances merge into one row, the worst
 * reading wins); every instance of every service adds the requests it answered and its 5xx
 * responses. Rows older than a day are pruned by the sampler.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_samples')
    .addColumn('service', 'text', (c) => c.notNull().check(sql`service ~ '^[a-z][a-z-]{0,31}$'`))
    .addColumn('minute', 'timestamptz', (c) => c.notNull().check(sql`extract(second from minute) = 0`))
    // null: no sampler read the service's readiness in that minute (only its own counts arrived).
    .addColumn('state', 'text', (c) => c.check(sql`state in ('up', 'degraded', 'down')`))
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0).check(sql`requests >= 0`))
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0).check(sql`errors >= 0`))
    .addPrimaryKeyConstraint('status_samples_pkey', ['service', 'minute'])
    .execute();
  await db.schema.createIndex('status_samples_minute_idx').on('status_samples').column('minute').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_samples').execute();
}
