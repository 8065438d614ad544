import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

// Return bigint/int8 counts as numbers and dates (not timestamps) as plain strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Kysely<Database>;

export interface CreateDbOptions {
  /** Pool size; defaults to 10. */
  max?: number;
  applicationName?: string;
}

/** Connections of a pool right now (for the saturation gauge of every service's /metrics). */
export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  /** Queries waiting for a free connection. */
  waiting: number;
}

const pools = new WeakMap<object, pg.Pool>();

/**
 * Put at the very start of a statement's text (`sql\`${sql.raw(PREPARED)} …\``), it runs as a named
 * prepared statement: Postgres parses and plans it once per connection instead of at every execution
 * (a grant's CTE spent 0.2–0.6 ms planning against 0.1 ms executing). Only for hot statements whose
 * text is fixed (parameters vary, the text does not: each distinct text is one statement per
 * connection) and whose result columns are named (`returning *` breaks when a migration adds a column).
 */
export const PREPARED = '/* bmm:prepared */';

const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `bmm_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  return name;
}

/** Runs statements marked PREPARED on this connection as named prepared statements. */
function prepareMarked(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && text.startsWith(PREPARED)
      ? query({ name: statementName(text), text, values: rest[0] }, ...rest.slice(1))
      : query(text, ...rest);
}

/** The pool behind a Kysely made by createDb (undefined for any other instance). */
export function poolStats(db: object): PoolStats | undefined {
  const pool = pools.get(db);
  if (!pool) return undefined;
  return { max: pool.options.max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

/** A Kysely instance on a pg pool. `db.destroy()` closes the pool. */
export function createDb(url: string, options: CreateDbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'bmm',
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  // Nor one that is checked out between two statements (a transaction, a Postgres restart): pg
  // emits 'error' on it with nobody listening. The statement that uses it next fails instead, and
  // the pool discards it on release.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    prepareMarked(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}
