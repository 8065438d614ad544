import { type Kysely, sql } from 'kysely';

// Frozen in time once released: this migration imports no app code.

/**
 * Why a tool call failed, so the server page can show it: the first line of the tool's error text as
 * the runner returned it, with every secret value of the version and every upstream token already
 * replaced, at most 300 characters. Null for successful calls (and calls recorded before this).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('usage_events')
    .addColumn('error', 'text', (c) => c.check(sql`char_length(error) <= 300`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('usage_events').dropColumn('error').execute();
}
