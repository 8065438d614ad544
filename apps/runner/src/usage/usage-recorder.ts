import type { Db } from '@bmm/db';
import type { Logger } from '@bmm/logger';
import { sql } from 'kysely';

export interface UsageEvent {
  orgId: string;
  serverId: string;
  tool: string;
  userId: string | null;
  clientId: string | null;
  status: 'ok' | 'error';
  durationMs: number;
  /** Trace id of the call when tracing is on. */
  traceId?: string | null;
  /** Why it failed (see `errorSummary`); null or absent when it succeeded. */
  error?: string | null;
}

const MAX_BUFFERED = 20_000;
/** Events per insert statement (ten arrays of this length). */
const INSERT_CHUNK = 5_000;

type Buffered = UsageEvent & { /** Date.now() of the call. */ at: number };

/** The UTC day ("2026-12-01") of an epoch-ms time; the last day computed is kept (one per batch, mostly). */
const lastDay = { value: '', from: 0, until: 0 };
function dayOf(ms: number): string {
  if (ms < lastDay.from || ms >= lastDay.until) {
    const date = new Date(ms);
    lastDay.value = date.toISOString().slice(0, 10);
    lastDay.from = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    lastDay.until = lastDay.from + 86_400_000;
  }
  return lastDay.value;
}

/**
 * Tool calls are counted in memory and written in batches (every `flushMs` and on close): one insert
 * into usage_events and one upsert per (server, day) into usage_daily, instead of two writes per call.
 */
export class UsageRecorder {
  private buffer: Buffered[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** Calls recorded per org since start (the plan guard adds them to what the database says). */
  private readonly onRecord: Array<(event: UsageEvent) => void> = [];

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly flushMs = 1000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  subscribe(listener: (event: UsageEvent) => void): void {
    this.onRecord.push(listener);
  }

  record(event: UsageEvent): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.logger.warn('usage buffer full; dropping the oldest events');
      this.buffer.shift();
    }
    this.buffer.push({ ...event, at: Date.now() });
    for (const listener of this.onRecord) listener(event);
  }

  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.write(batch).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async write(batch: Buffered[]): Promise<void> {
    const daily = new Map<
      string,
      { org_id: string; server_id: string; day: string; calls: number; errors: number }
    >();
    for (const e of batch) {
      const day = dayOf(e.at);
      const key = `${e.serverId}|${day}`;
      const row = daily.get(key) ?? { org_id: e.orgId, server_id: e.serverId, day, calls: 0, errors: 0 };
      row.calls++;
      if (e.status === 'error') row.errors++;
      daily.set(key, row);
    }
    try {
      await this.db.transaction().execute(async (trx) => {
        // One statement of ten arrays per chunk, not ten parameters per event: building and
        // sending a 10,000-parameter insert cost the runner more CPU than the calls it recorded.
        for (let i = 0; i < batch.length; i += INSERT_CHUNK) {
          const chunk = batch.slice(i, i + INSERT_CHUNK);
          const column = <T>(pick: (e: Buffered) => T) => chunk.map(pick);
          await sql`
            insert into usage_events
              (org_id, server_id, tool, user_id, client_id, status, duration_ms, trace_id, error, created_at)
            select org_id, server_id, tool, user_id, client_id, status, duration_ms, trace_id, error,
                   to_timestamp(at_ms / 1000.0)
            from unnest(
              ${column((e) => e.orgId)}::uuid[], ${column((e) => e.serverId)}::uuid[],
              ${column((e) => e.tool)}::text[], ${column((e) => e.userId)}::uuid[],
              ${column((e) => e.clientId)}::text[], ${column((e) => e.status)}::text[],
              ${column((e) => e.durationMs)}::int4[], ${column((e) => e.traceId ?? null)}::text[],
              ${column((e) => (e.status === 'error' ? (e.error ?? null) : null))}::text[],
              ${column((e) => e.at)}::float8[]
            ) as t(org_id, server_id, tool, user_id, client_id, status, duration_ms, trace_id, error, at_ms)
          `.execute(trx);
        }
        await trx
          .insertInto('usage_daily')
          .values([...daily.values()])
          .onConflict((oc) =>
            oc.columns(['server_id', 'day']).doUpdateSet({
              calls: sql`usage_daily.calls + excluded.calls`,
              errors: sql`usage_daily.errors + excluded.errors`,
            }),
          )
          .execute();
      });
    } catch (err) {
      // A batch Postgres refuses (a server deleted meanwhile: foreign key) is dropped, not retried
      // forever; the calls were already counted in memory for plan limits. A batch that failed
      // because the database was unreachable (restarting, failing over) waits for the next flush.
      const sqlState = String((err as { code?: unknown }).code ?? '');
      const refused = /^(22|23)[0-9A-Z]{3}$/.test(sqlState);
      if (!refused) this.buffer = [...batch, ...this.buffer].slice(-MAX_BUFFERED);
      this.logger.error(
        { err, events: batch.length },
        refused ? 'could not write usage' : 'could not write usage; retrying with the next flush',
      );
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }
}
