import type { Db } from '@bmm/db';
import { sql } from 'kysely';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export async function lastSeq(db: Db, buildId: string): Promise<number> {
  const row = await db
    .selectFrom('build_logs')
    .select(sql<number>`coalesce(max(seq), 0)`.as('seq'))
    .where('build_id', '=', buildId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export async function insertLogLine(
  db: Db,
  line: { buildId: string; seq: number; level: LogLevel; step: string | null; message: string },
): Promise<void> {
  await db
    .insertInto('build_logs')
    .values({
      build_id: line.buildId,
      seq: line.seq,
      level: line.level,
      step: line.step,
      message: line.message,
    })
    .execute();
}
