import type { ConnectorAuthType, ConnectorRow, ConnectorStatus, Database } from '@bmm/db';
import type { Kysely } from 'kysely';

type Db = Kysely<Database>;

/** Connectors belong to the person who made them, inside one org: every query names both. */
export interface Owner {
  userId: string;
  orgId: string;
}

export function listConnectors(db: Db, owner: Owner): Promise<ConnectorRow[]> {
  return db
    .selectFrom('connectors')
    .selectAll()
    .where('user_id', '=', owner.userId)
    .where('org_id', '=', owner.orgId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function findConnector(db: Db, owner: Owner, id: string): Promise<ConnectorRow | undefined> {
  return db
    .selectFrom('connectors')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', owner.userId)
    .where('org_id', '=', owner.orgId)
    .executeTakeFirst();
}

/** The callback knows the person from the signed state only, not from a session. */
export async function findConnectorOfUser(
  db: Db,
  userId: string,
  id: string,
): Promise<ConnectorRow | undefined> {
  return db
    .selectFrom('connectors')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertConnector(
  db: Db,
  values: {
    id: string;
    owner: Owner;
    name: string;
    url: string;
    authType: ConnectorAuthType;
    headersCiphertext: string | null;
    status: ConnectorStatus;
  },
): Promise<ConnectorRow> {
  return db
    .insertInto('connectors')
    .values({
      id: values.id,
      org_id: values.owner.orgId,
      user_id: values.owner.userId,
      name: values.name,
      url: values.url,
      auth_type: values.authType,
      headers_ciphertext: values.headersCiphertext,
      status: values.status,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ConnectorChanges {
  name?: string;
  headers_ciphertext?: string | null;
  oauth_ciphertext?: string | null;
  status?: ConnectorStatus;
  last_error?: string | null;
  tools?: string | null;
  tools_refreshed_at?: Date | null;
}

/** The sealed OAuth state of a connector as stored now (null when none). */
export async function findOAuthCiphertext(db: Db, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('connectors')
    .select('oauth_ciphertext')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.oauth_ciphertext ?? null;
}

export async function updateConnector(
  db: Db,
  id: string,
  changes: ConnectorChanges,
): Promise<ConnectorRow | undefined> {
  return db
    .updateTable('connectors')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteConnector(db: Db, owner: Owner, id: string): Promise<ConnectorRow | undefined> {
  return db
    .deleteFrom('connectors')
    .where('id', '=', id)
    .where('user_id', '=', owner.userId)
    .where('org_id', '=', owner.orgId)
    .returningAll()
    .executeTakeFirst();
}

export async function insertOAuthState(
  db: Db,
  values: { nonceHash: string; connectorId: string; userId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('connector_oauth_states')
    .values({
      nonce_hash: values.nonceHash,
      connector_id: values.connectorId,
      user_id: values.userId,
      expires_at: values.expiresAt,
    })
    .execute();
}

/** Marks a state used; false when it was used already, has expired or names someone else. */
export async function consumeOAuthState(
  db: Db,
  values: { nonceHash: string; connectorId: string; userId: string },
): Promise<boolean> {
  const row = await db
    .updateTable('connector_oauth_states')
    .set({ consumed_at: new Date() })
    .where('nonce_hash', '=', values.nonceHash)
    .where('connector_id', '=', values.connectorId)
    .where('user_id', '=', values.userId)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('nonce_hash')
    .executeTakeFirst();
  return row !== undefined;
}

/** The person's oldest OAuth connector to `url` (what "Try it" reuses), if any. */
export async function findOAuthConnectorByUrl(
  db: Db,
  owner: Owner,
  url: string,
): Promise<ConnectorRow | undefined> {
  return db
    .selectFrom('connectors')
    .selectAll()
    .where('user_id', '=', owner.userId)
    .where('org_id', '=', owner.orgId)
    .where('url', '=', url)
    .where('auth_type', '=', 'oauth')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
