import { type Kysely, sql } from 'kysely';

// Frozen in time once released: this migration imports no app code.

/**
 * Email verification, and single use for signed tickets. `users.email_verified_at` is set when the
 * person clicks a verification link; accounts created before this migration start unverified (they
 * never proved their address). `consumed_tickets` records the id (`jti`) of every single-use ticket
 * once it is used (email verification links, build-log WebSocket tickets), until it expires.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_verified_at', 'timestamptz').execute();

  await db.schema
    .createTable('consumed_tickets')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('consumed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('consumed_tickets_expires_idx')
    .on('consumed_tickets')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consumed_tickets').execute();
  await db.schema.alterTable('users').dropColumn('email_verified_at').execute();
}
