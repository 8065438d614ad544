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
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}
