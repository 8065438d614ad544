import type { ActorType, Db } from '@bmm/db';

export interface AuditInput {
  orgId?: string | null;
  actor: { type: ActorType; id: string | null };
  action: string;
  resource: { type: string; id: string | null };
  ip?: string | null;
  userAgent?: string | null;
  /** Never secrets. */
  metadata?: Record<string, unknown>;
}

export async function audit(db: Db, e: AuditInput): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      org_id: e.orgId ?? null,
      actor_type: e.actor.type,
      actor_id: e.actor.id,
      action: e.action,
      resource_type: e.resource.type,
      resource_id: e.resource.id,
      ip: e.ip ?? null,
      user_agent: e.userAgent?.slice(0, 500) ?? null,
      metadata: JSON.stringify(e.metadata ?? {}),
    })
    .execute();
}
