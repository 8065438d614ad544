import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamp column the database fills in (default now()). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, T | string, T | string>;

export type Role = 'owner' | 'admin' | 'member';
export type Visibility = 'org' | 'public' | 'allowlist';
export type BuildStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
export type ActorType = 'user' | 'api_key' | 'system' | 'oauth_client';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  /** When the person proved they own `email` (clicked a verification link); null until then. */
  email_verified_at: NullableTimestamp;
  /** Sees every org and sets plans (the first account of a fresh install; BMM_ADMIN_EMAILS adds more). */
  instance_admin: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  active_org_id: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface OrgsTable {
  id: Generated<string>;
  name: string;
  plan: Generated<string>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface InvitationsTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  /** The first characters of the key, shown in lists so a person can tell keys apart. */
  display_prefix: string;
  key_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface ServersTable {
  id: Generated<string>;
  org_id: string;
  /** Globally unique and never reused, even after deletion: it is part of the OAuth audience. */
  slug: string;
  name: string;
  description: Generated<string>;
  visibility: Generated<Visibility>;
  allowlist: Generated<string[]>;
  current_version_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  deleted_at: NullableTimestamp;
}

export interface ServerVersionsTable {
  id: Generated<string>;
  server_id: string;
  version: number;
  /** The spec as submitted. */
  spec: Json;
  /** The normalized spec the builder packaged; set once, at publish. */
  artifact: Json | null;
  spec_hash: string | null;
  published_at: NullableTimestamp;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ServerSecretsTable {
  id: Generated<string>;
  server_id: string;
  name: string;
  /** AES-256-GCM envelope from @bmm/crypto, bound to (server_id, name). */
  ciphertext: string;
  key_version: number;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface BuildsTable {
  id: Generated<string>;
  org_id: string;
  server_id: string;
  version_id: string;
  status: Generated<BuildStatus>;
  current_step: string | null;
  error: string | null;
  attempts: Generated<number>;
  worker_id: string | null;
  heartbeat_at: NullableTimestamp;
  cancel_requested_at: NullableTimestamp;
  created_by: string | null;
  created_at: CreatedAt;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface BuildLogsTable {
  build_id: string;
  seq: number;
  ts: CreatedAt;
  level: string;
  step: string | null;
  message: string;
}

export interface AuditEventsTable {
  id: Generated<string>;
  org_id: string | null;
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  ip: string | null;
  user_agent: string | null;
  metadata: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface UsageEventsTable {
  id: Generated<string>;
  org_id: string;
  server_id: string;
  tool: string;
  user_id: string | null;
  client_id: string | null;
  status: string;
  duration_ms: number;
  /** The W3C trace id the call ran under (tracing on), else null. */
  trace_id: string | null;
  /** Why a failed call failed (its error text, secrets replaced, ≤ 300 characters); null when ok. */
  error: string | null;
  created_at: CreatedAt;
}

export interface UsageDailyTable {
  org_id: string;
  server_id: string;
  day: ColumnType<string, string, string>;
  calls: number;
  errors: number;
}

/** Single-use tickets already used (by `jti`), kept until they expire. */
export interface ConsumedTicketsTable {
  jti: string;
  purpose: string;
  expires_at: Timestamp;
  consumed_at: CreatedAt;
}

export interface ControlPlaneTables {
  users: UsersTable;
  sessions: SessionsTable;
  orgs: OrgsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  api_keys: ApiKeysTable;
  servers: ServersTable;
  server_versions: ServerVersionsTable;
  server_secrets: ServerSecretsTable;
  builds: BuildsTable;
  build_logs: BuildLogsTable;
  audit_events: AuditEventsTable;
  usage_events: UsageEventsTable;
  usage_daily: UsageDailyTable;
  consumed_tickets: ConsumedTicketsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Org = Selectable<OrgsTable>;
export type Membership = Selectable<MembershipsTable>;
export type Invitation = Selectable<InvitationsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type Server = Selectable<ServersTable>;
export type ServerUpdate = Updateable<ServersTable>;
export type ServerVersion = Selectable<ServerVersionsTable>;
export type ServerSecret = Selectable<ServerSecretsTable>;
export type Build = Selectable<BuildsTable>;
export type BuildLog = Selectable<BuildLogsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
