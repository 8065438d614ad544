import { type Kysely, sql } from 'kysely';

// Frozen in time once released: this migration imports no app code.

/**
 * One `active` and one `next` signing key per algorithm (ES256 and RS256), instead of one overall:
 * the authorization server signs access tokens with the algorithm it is configured for and publishes
 * the keys of both, so switching algorithms needs no key work and verifiers already hold every key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('signing_keys_one_active_uq').execute();
  await db.schema
    .createIndex('signing_keys_one_active_per_alg_uq')
    .on('signing_keys')
    .columns(['alg', 'status'])
    .unique()
    .where(sql.ref('status'), 'in', ['next', 'active'])
    .execute();
}

/** Back to RS256 only: keys of other algorithms are deleted (tokens they signed stop verifying). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('signing_keys').where('alg', '<>', 'RS256').execute();
  await db.schema.dropIndex('signing_keys_one_active_per_alg_uq').execute();
  await db.schema
    .createIndex('signing_keys_one_active_uq')
    .on('signing_keys')
    .column('status')
    .unique()
    .where(sql.ref('status'), 'in', ['next', 'active'])
    .execute();
}
