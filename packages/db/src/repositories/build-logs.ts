import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** A stored build-log line as the api (`GET /v1/builds/{id}/logs`) and the builder's log stream show it. */
export interface BuildLogLine {
  seq: number;
  /** ISO 8601. */
  ts: string;
  level: string;
  step: string | null;
  message: string;
}

/** Stored lines of a build after `since` (a seq), oldest first, at most `limit`. */
export function buildLogsAfter(db: Kysely<Database>, buildId: string, since: number, limit: number) {
  return db
    .selectFrom('build_logs')
    .select(['seq', 'ts', 'level', 'step', 'message'])
    .where('build_id', '=', buildId)
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export type BuildLogRow = Awaited<ReturnType<typeof buildLogsAfter>>[number];

export function toBuildLogLine(row: BuildLogRow): BuildLogLine {
  return {
    seq: row.seq,
    ts: new Date(row.ts).toISOString(),
    level: row.level,
    step: row.step,
    message: row.message,
  };
}
