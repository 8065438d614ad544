import { type Kysely, sql } from 'kysely';

// Frozen in time once released: this migration imports no app code.

/**
 * Connectors: remote MCP servers a person uses from the platform (the platform as an MCP client),
 * and the single-use states of their OAuth sign-ins.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('connectors')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('auth_type', 'text', (c) => c.notNull().check(sql`auth_type in ('none', 'headers', 'oauth')`))
    .addColumn('headers_ciphertext', 'text')
    .addColumn('oauth_ciphertext', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('ready').check(sql`status in ('ready', 'signin_required', 'error')`),
    )
    .addColumn('last_error', 'text')
    .addColumn('tools', 'jsonb')
    .addColumn('tools_refreshed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('connectors_user_idx')
    .on('connectors')
    .columns(['user_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('connector_oauth_states')
    .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
    .addColumn('connector_id', 'uuid', (c) => c.notNull().references('connectors.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('consumed_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('connector_oauth_states').execute();
  await db.schema.dropTable('connectors').execute();
}
