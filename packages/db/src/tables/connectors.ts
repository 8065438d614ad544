import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Connectors (the platform as an MCP client); migration 2026-12-01T0300_connectors. Headers and
 * the OAuth state (client information, tokens, code verifier, discovery) are sealed with the
 * keyring under associated data naming the connector; nothing here is ever returned as is.
 */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type ConnectorAuthType = 'none' | 'headers' | 'oauth';
export type ConnectorStatus = 'ready' | 'signin_required' | 'error';

export interface ConnectorsTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  name: string;
  url: string;
  auth_type: ConnectorAuthType;
  headers_ciphertext: string | null;
  oauth_ciphertext: string | null;
  status: Generated<ConnectorStatus>;
  last_error: string | null;
  /** The last `tools/list` result (tools array), JSON. */
  tools: ColumnType<unknown | null, string | null | undefined, string | null>;
  tools_refreshed_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ConnectorOAuthStatesTable {
  /** sha256 of the state's nonce: each state is accepted once. */
  nonce_hash: string;
  connector_id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  consumed_at: NullableTimestamp;
}

export type ConnectorCallOutcome = 'ok' | 'tool_error' | 'failed';

/** The playground's history (migration 2026-12-01T0700_connector_calls): a person's last 20 calls. */
export interface ConnectorCallsTable {
  id: string;
  connector_id: string;
  org_id: string;
  user_id: string;
  tool: string;
  outcome: ConnectorCallOutcome;
  duration_ms: number;
  /** Arguments, result (or error) and the raw exchange, sealed under `connector-call:<id>:<user id>`. */
  payload_ciphertext: string;
  created_at: CreatedAt;
}

export interface ConnectorTables {
  connectors: ConnectorsTable;
  connector_oauth_states: ConnectorOAuthStatesTable;
  connector_calls: ConnectorCallsTable;
}

export type ConnectorRow = Selectable<ConnectorsTable>;
export type NewConnector = Insertable<ConnectorsTable>;
export type ConnectorCallRow = Selectable<ConnectorCallsTable>;
