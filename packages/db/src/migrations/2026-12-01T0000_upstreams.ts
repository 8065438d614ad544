import { type Kysely, sql } from 'kysely';

// Frozen in time once released: this migration imports no app code.

/**
 * The upstream token vault (a hosted server as an OAuth client of the API it wraps) and the
 * pending upstream sign-ins that the AS chains into the consent flow.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;

  await db.schema
    .createTable('upstream_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('server_id', 'uuid', (c) => c.notNull().references('servers.id').onDelete('cascade'))
    .addColumn('upstream_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('account_label', 'text')
    .addColumn('access_token_ciphertext', 'text', (c) => c.notNull())
    .addColumn('refresh_token_ciphertext', 'text')
    .addColumn('token_type', 'text', (c) => c.notNull().defaultTo('Bearer'))
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('refreshed_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addUniqueConstraint('upstream_tokens_user_server_upstream_uq', ['user_id', 'server_id', 'upstream_id'])
    .execute();
  await db.schema
    .createIndex('upstream_tokens_server_idx')
    .on('upstream_tokens')
    .column('server_id')
    .execute();

  await db.schema
    .createTable('upstream_authorizations')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('server_id', 'uuid', (c) => c.notNull().references('servers.id').onDelete('cascade'))
    .addColumn('upstream_id', 'text', (c) => c.notNull())
    .addColumn('interaction_id', 'text', (c) => c.references('oauth_interactions.id').onDelete('cascade'))
    .addColumn('code_verifier_ciphertext', 'text')
    .addColumn('nonce', 'text')
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('return_to', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('consumed_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('upstream_authorizations').execute();
  await db.schema.dropTable('upstream_tokens').execute();
}
