import type { Kysely } from 'kysely';

// Frozen in time once released: this migration imports no app code.

/**
 * Instance admins: people who see every organization and set plans. `users.instance_admin` is set
 * for the first account of a fresh install (at sign-up, when no other account exists); accounts of
 * an install that already has people are never promoted here — BMM_ADMIN_EMAILS names admins there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('instance_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('instance_admin').execute();
}
