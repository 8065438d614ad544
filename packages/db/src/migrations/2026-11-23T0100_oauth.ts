import { type Kysely, sql } from 'kysely';

// Frozen in time: this migration imports no app code and must never change once released.

export async function up(db: Kysely<any>): Promise<void> {
  const now = sql`now()`;
  const uuid = (col: any) => col.primaryKey().defaultTo(sql`gen_random_uuid()`);

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
    .addColumn('private_key_ciphertext', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('next', 'active', 'retired')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('activated_at', 'timestamptz')
    .addColumn('retired_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('signing_keys_one_active_uq')
    .on('signing_keys')
    .column('status')
    .unique()
    .where(sql.ref('status'), 'in', ['next', 'active'])
    .execute();

  await db.schema
    .createTable('oauth_clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('logo_uri', 'text')
    .addColumn('client_uri', 'text')
    .addColumn('redirect_uris', sql`text[]`, (c) => c.notNull())
    .addColumn('grant_types', sql`text[]`, (c) => c.notNull())
    .addColumn('token_endpoint_auth_method', 'text', (c) =>
      c
        .notNull()
        .check(sql`token_endpoint_auth_method in ('none', 'client_secret_basic', 'client_secret_post')`),
    )
    .addColumn('scope', 'text')
    .addColumn('software_id', 'text')
    .addColumn('software_version', 'text')
    .addColumn('registration_access_token_hash', 'text')
    .addColumn('is_cimd', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('cimd_expires_at', 'timestamptz')
    .addColumn('registration_ip', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('last_used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('oauth_interactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) =>
      c.notNull().references('oauth_clients.client_id').onDelete('cascade'),
    )
    .addColumn('server_id', 'uuid', (c) => c.notNull().references('servers.id').onDelete('cascade'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('state', 'text')
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('oauth_grants')
    .addColumn('id', 'uuid', uuid)
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) =>
      c.notNull().references('oauth_clients.client_id').onDelete('cascade'),
    )
    .addColumn('server_id', 'uuid', (c) => c.notNull().references('servers.id').onDelete('cascade'))
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('oauth_grants_live_uq')
    .on('oauth_grants')
    .columns(['user_id', 'client_id', 'server_id'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
  await db.schema.createIndex('oauth_grants_server_idx').on('oauth_grants').column('server_id').execute();
  await db.schema.createIndex('oauth_grants_client_idx').on('oauth_grants').column('client_id').execute();

  await db.schema
    .createTable('oauth_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'uuid', (c) => c.notNull().references('oauth_grants.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('family_id', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('oauth_refresh_tokens')
    .addColumn('id', 'uuid', uuid)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('family_id', 'uuid', (c) => c.notNull())
    .addColumn('grant_id', 'uuid', (c) => c.notNull().references('oauth_grants.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('rotated_from', 'uuid')
    .addColumn('rotated_at', 'timestamptz')
    .addColumn('grace_until', 'timestamptz')
    .addColumn('grace_response', 'text')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oauth_refresh_tokens_family_idx')
    .on('oauth_refresh_tokens')
    .column('family_id')
    .execute();
  await db.schema
    .createIndex('oauth_refresh_tokens_grant_idx')
    .on('oauth_refresh_tokens')
    .column('grant_id')
    .execute();

  await db.schema
    .createTable('oauth_access_tokens')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'uuid', (c) => c.notNull().references('oauth_grants.id').onDelete('cascade'))
    .addColumn('family_id', 'uuid', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oauth_access_tokens_grant_idx')
    .on('oauth_access_tokens')
    .column('grant_id')
    .execute();
  await db.schema
    .createIndex('oauth_access_tokens_family_idx')
    .on('oauth_access_tokens')
    .column('family_id')
    .execute();

  await db.schema
    .createTable('oauth_token_denylist')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'oauth_token_denylist',
    'oauth_access_tokens',
    'oauth_refresh_tokens',
    'oauth_codes',
    'oauth_grants',
    'oauth_interactions',
    'oauth_clients',
    'signing_keys',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
