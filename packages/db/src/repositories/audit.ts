import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ActorType } from '../tables/control-plane.js';

/** A JSON value as stored in `audit_events.metadata` (`undefined` members are dropped on write). */
export type AuditJson =
  | string
  | number
  | boolean
  | null
  | readonly AuditJson[]
  | { readonly [key: string]: AuditJson | undefined };

/** Names, ids and counts only: never a secret. */
export type AuditMetadata = { readonly [key: string]: AuditJson | undefined };

/** One state change, written to `audit_events` by every service through this module. */
export interface AuditEvent {
  orgId?: string | null;
  actor: { type: ActorType; id: string | null };
  action: string;
  resource: { type: string; id: string | null };
  ip?: string | null;
  userAgent?: string | null;
  /** Never secrets. */
  metadata?: AuditMetadata;
}

function auditRow(e: AuditEvent) {
  return {
    org_id: e.orgId ?? null,
    actor_type: e.actor.type,
    actor_id: e.actor.id,
    action: e.action,
    resource_type: e.resource.type,
    resource_id: e.resource.id,
    ip: e.ip ?? null,
    user_agent: e.userAgent?.slice(0, 500) ?? null,
    metadata: JSON.stringify(e.metadata ?? {}),
  };
}

type AuditRow = ReturnType<typeof auditRow>;

async function insertAuditRows(db: Kysely<Database>, rows: AuditRow[]): Promise<void> {
  await db.insertInto('audit_events').values(rows).execute();
}

/** Writes one audit row, inside the caller's transaction when given one. */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await insertAuditRows(db, [auditRow(event)]);
}

const MAX_BATCH = 200;

/**
 * Audit events outside a transaction, batched by group commit: while one insert is in flight, the events
 * that arrive meanwhile wait and go in the next one (one multi-row insert). A quiet instance writes each
 * at once; a busy one writes many per round trip. `write` resolves once its event is stored (a request
 * never answers before its audit event is durable), and `close` waits for every queued event.
 */
export class AuditWriter {
  private queue: Array<{ row: AuditRow; done: (err?: unknown) => void }> = [];
  private draining: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  write(e: AuditEvent): Promise<void> {
    const row = auditRow(e);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, done: (err) => (err === undefined ? resolve() : reject(err)) });
      this.draining ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await insertAuditRows(
          this.db,
          batch.map((b) => b.row),
        );
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err ?? new Error('audit insert failed'));
      }
    }
    this.draining = null;
  }

  /** Resolves once every event written so far is stored (or failed). */
  async close(): Promise<void> {
    while (this.draining) await this.draining;
  }
}
