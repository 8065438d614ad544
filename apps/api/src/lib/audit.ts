import type { ActorType, AuditEvent, AuditMetadata } from '@bmm/db';
import type { FastifyRequest } from 'fastify';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Never secrets: names and ids only. */
  metadata?: AuditMetadata;
  /** Defaults to the caller's org. */
  orgId?: string | null;
  /** Defaults to the caller; signup/login pass the person explicitly. */
  actor?: { type: ActorType; id: string | null };
}

/** The audit event for a state change made by this request's caller (written with `recordAudit`). */
export function requestAudit(request: FastifyRequest, entry: AuditEntry): AuditEvent {
  const auth = request.auth;
  const actor =
    entry.actor ??
    (auth?.kind === 'api_key'
      ? { type: 'api_key' as const, id: auth.apiKeyId }
      : { type: 'user' as const, id: auth?.userId ?? null });
  const userAgent = request.headers['user-agent'];
  return {
    orgId: entry.orgId === undefined ? auth?.orgId || null : entry.orgId,
    actor,
    action: entry.action,
    resource: { type: entry.resourceType, id: entry.resourceId ?? null },
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    metadata: entry.metadata,
  };
}
