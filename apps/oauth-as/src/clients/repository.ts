import type { Db, NewOAuthClient, OAuthClientRow } from '@bmm/db';
import { sql } from 'kysely';

export async function findClient(db: Db, clientId: string): Promise<OAuthClientRow | undefined> {
  if (clientId.length > 2000) return undefined;
  return await db
    .selectFrom('oauth_clients')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

export async function insertClient(db: Db, client: NewOAuthClient): Promise<void> {
  await db.insertInto('oauth_clients').values(client).execute();
}

/** Stores a freshly fetched metadata document client; keeps creation and last-use times. */
export async function upsertMetadataDocumentClient(db: Db, client: NewOAuthClient): Promise<OAuthClientRow> {
  const { client_id: _id, created_at: _c, ...update } = client;
  return await db
    .insertInto('oauth_clients')
    .values(client)
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ ...update, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}
