export { type CreateDbOptions, createDb, type Db, type PoolStats, PREPARED, poolStats } from './db.js';
export {
  assertPortFree,
  type EmbeddedPostgresOptions,
  freePort,
  type PostgresExit,
  type RunningPostgres,
  startEmbeddedPostgres,
  withDatabase,
} from './embedded.js';
export { checkReadiness, MigrationError, migrateDown, migrateToLatest, type Readiness } from './migrate.js';
export { type Channel, Channels, type ListenerOptions, notify, PgListener } from './notify.js';
export {
  type AuditEvent,
  type AuditJson,
  type AuditMetadata,
  AuditWriter,
  recordAudit,
} from './repositories/audit.js';
export {
  type BuildLogLine,
  type BuildLogRow,
  buildLogsAfter,
  toBuildLogLine,
} from './repositories/build-logs.js';
export {
  findSessionUser,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  type SessionUser,
} from './repositories/sessions.js';
export {
  addServiceCounts,
  minuteOf,
  pruneStatusSamples,
  recordServiceState,
  statusSamplesSince,
} from './repositories/status-samples.js';
export { consumeTicket, pruneConsumedTickets } from './repositories/tickets.js';
export type { Database } from './schema.js';
export type * from './tables/connectors.js';
export type * from './tables/control-plane.js';
export type * from './tables/oauth.js';
export type * from './tables/status.js';
export type * from './tables/upstream.js';
