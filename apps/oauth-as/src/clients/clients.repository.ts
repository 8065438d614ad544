import type { Db, NewOAuthClient, OAuthClientRow, TokenEndpointAuthMethod } from '@bmm/db';
import { type RawBuilder, sql } from 'kysely';

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

/** The client's grants (live or not), to revoke their tokens before the client goes. */
export async function grantIdsOfClient(db: Db, clientId: string): Promise<string[]> {
  const rows = await db.selectFrom('oauth_grants').select('id').where('client_id', '=', clientId).execute();
  return rows.map((r) => r.id);
}

/** Deletes the client; its grants, codes and tokens go with it (foreign keys cascade). */
export async function deleteClient(db: Db, clientId: string): Promise<void> {
  await db.deleteFrom('oauth_clients').where('client_id', '=', clientId).execute();
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

/** What a token request presents to authenticate its client, checked in SQL (see clientAuthenticates). */
export interface ClientAuthCheck {
  clientId: string;
  method: TokenEndpointAuthMethod;
  /** sha256 of the presented secret; null for `none`. */
  secretHash: string | null;
  grantType: string;
  /** A URL client_id may be a metadata-document client; any other must be a registered one. */
  metadataDocumentId: boolean;
}

/**
 * True when the presented credentials authenticate a client registered for this method and grant
 * type — the rule of checkClientAuth (which gives the precise error), for the grant statements that
 * authenticate the client in the same round trip. Secrets are sha256 of 256-bit random values, so
 * comparing hashes in SQL leaks nothing a timing attack could use.
 */
export function clientAuthenticates(check: ClientAuthCheck): RawBuilder<boolean> {
  return sql<boolean>`exists (
    select 1 from oauth_clients cl
    where cl.client_id = ${check.clientId} and cl.token_endpoint_auth_method = ${check.method}
      and (${check.method} = 'none' or cl.secret_hash = ${check.secretHash ?? ''})
      and ${check.grantType} = any(cl.grant_types)
      and (${check.metadataDocumentId} or not cl.is_cimd))`;
}
