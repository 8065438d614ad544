import type { Db } from '@bmm/db';
import { iso } from '../lib/schemas.js';
import { type AuditFilter, listAuditEvents, resolved, resolveResourceNames } from './audit.repository.js';

/**
 * One page of an org's audit events, newest first, each with its resource's name and whether it
 * still exists; `nextCursor` continues after the page.
 */
export async function auditPage(
  db: Db,
  orgId: string,
  query: Omit<AuditFilter, 'before'> & { cursor?: string },
) {
  const rows = await listAuditEvents(db, orgId, { ...query, before: query.cursor, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const names = await resolveResourceNames(
    db,
    orgId,
    page.map((r) => ({ type: r.resource_type, id: r.resource_id })),
  );
  return {
    events: page.map((r) => {
      const resource = resolved(names, r.resource_type, r.resource_id);
      return {
        id: String(r.id),
        actorType: r.actor_type,
        actorId: r.actor_id,
        actorLabel: r.actor_label,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        resourceName: resource?.name ?? null,
        resourceExists: resource?.exists ?? false,
        ip: r.ip,
        userAgent: r.user_agent,
        metadata: r.metadata,
        createdAt: iso(r.created_at),
      };
    }),
    nextCursor: rows.length > query.limit ? String(page.at(-1)?.id) : null,
  };
}
