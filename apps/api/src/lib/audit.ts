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

/** Who changes something and from where: a request's part of its audit events, as a plain value services take. */
export interface AuditOrigin {
  orgId: string | null;
  actor: { type: ActorType; id: string | null };
  ip: string | null;
  userAgent: string | null;
}

/** The caller of this request as the origin of the audit events it causes. */
export function auditOrigin(request: FastifyRequest): AuditOrigin {
  const auth = request.auth;
  const userAgent = request.headers['user-agent'];
  return {
    orgId: auth?.orgId || null,
    actor:
      auth?.kind === 'api_key'
        ? { type: 'api_key' as const, id: auth.apiKeyId }
        : { type: 'user' as const, id: auth?.userId ?? null },
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
  };
}

/** The audit event of a state change made by `origin` (written with `recordAudit`). */
export function auditEvent(origin: AuditOrigin, entry: AuditEntry): AuditEvent {
  return {
    orgId: entry.orgId === undefined ? origin.orgId : entry.orgId,
    actor: entry.actor ?? origin.actor,
    action: entry.action,
    resource: { type: entry.resourceType, id: entry.resourceId ?? null },
    ip: origin.ip,
    userAgent: origin.userAgent,
    metadata: entry.metadata,
  };
}

/** The audit event for a state change made by this request's caller (written with `recordAudit`). */
export function requestAudit(request: FastifyRequest, entry: AuditEntry): AuditEvent {
  return auditEvent(auditOrigin(request), entry);
}
