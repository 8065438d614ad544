import { type Kysely, sql } from 'kysely';

// Frozen in time once released: this migration imports no app code.

/**
 * The playground's call history: a person's last calls through their connectors. Arguments and
 * results are sealed with the keyring (associated data names the row and the person); only the
 * tool name, outcome and timing are plain. Removing the connector removes its calls.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connector_calls')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('connector_id', 'uuid', (c) => c.notNull().references('connectors.id').onDelete('cascade'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('ok', 'tool_error', 'failed')`))
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('payload_ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema
    .createIndex('connector_calls_user_idx')
    .on('connector_calls')
    .columns(['user_id', 'created_at desc'])
    .execute();
  await db.schema
    .createIndex('connector_calls_connector_idx')
    .on('connector_calls')
    .column('connector_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('connector_calls').execute();
}
