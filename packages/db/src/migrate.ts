import { type Kysely, type MigrationResult, Migrator, sql } from 'kysely';
import { migrations } from './migrations/index.js';

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly results: MigrationResult[],
  ) {
    super(message);
  }
}

/** Applies every pending migration; throws a MigrationError naming the migration that failed. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const { error, results = [] } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, results);
  }
  return results;
}

export async function migrateDown(db: Kysely<any>): Promise<MigrationResult[]> {
  const { error, results = [] } = await migrator(db).migrateDown();
  if (error) throw error;
  return results;
}

export interface Readiness {
  ok: boolean;
  database: 'up' | 'down';
  pendingMigrations: string[];
}

/** Database reachable and every migration this code knows about applied. */
export async function checkReadiness(db: Kysely<any>): Promise<Readiness> {
  try {
    await sql`select 1`.execute(db);
  } catch {
    return { ok: false, database: 'down', pendingMigrations: [] };
  }
  const migrations = await migrator(db).getMigrations();
  const pendingMigrations = migrations.filter((m) => !m.executedAt).map((m) => m.name);
  return { ok: pendingMigrations.length === 0, database: 'up', pendingMigrations };
}
