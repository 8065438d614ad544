import type { ActorType, Database } from '@bmm/db';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Never secrets: names and ids only. */
  metadata?: Record<string, unknown>;
  /** Defaults to the caller's org. */
  orgId?: string | null;
  /** Defaults to the caller; signup/login pass the person explicitly. */
  actor?: { type: ActorType; id: string | null };
}

/** Writes one audit row for a state change, inside the caller's transaction when given one. */
export async function recordAudit(db: Kysely<Database>, request: FastifyRequest, entry: AuditEntry) {
  const auth = request.auth;
  const actor =
    entry.actor ??
    (auth?.kind === 'api_key'
      ? { type: 'api_key' as const, id: auth.apiKeyId }
      : { type: 'user' as const, id: auth?.userId ?? null });
  const userAgent = request.headers['user-agent'];
  await db
    .insertInto('audit_events')
    .values({
      org_id: entry.orgId === undefined ? auth?.orgId || null : entry.orgId,
      actor_type: actor.type,
      actor_id: actor.id,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId ?? null,
      ip: request.ip ?? null,
      user_agent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null,
      metadata: JSON.stringify(entry.metadata ?? {}),
    })
    .execute();
}
