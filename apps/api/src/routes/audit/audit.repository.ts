import type { Db } from '@bmm/db';
import { sql } from 'kysely';

export interface AuditFilter {
  action?: string;
  resourceType?: string;
  resourceId?: string;
  actorType?: string;
  actorId?: string;
  from?: string;
  to?: string;
  /** Events older than this id (the previous page's last id). */
  before?: string;
  limit: number;
}

/** An org's audit events, newest first, keyset-paginated by id. */
export function listAuditEvents(db: Db, orgId: string, f: AuditFilter) {
  let q = db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', (join) =>
      join.on(sql`u.id::text`, '=', sql.ref('a.actor_id')).on('a.actor_type', '=', 'user'),
    )
    .leftJoin('api_keys as k', (join) =>
      join.on(sql`k.id::text`, '=', sql.ref('a.actor_id')).on('a.actor_type', '=', 'api_key'),
    )
    .select([
      'a.id',
      'a.actor_type',
      'a.actor_id',
      'a.action',
      'a.resource_type',
      'a.resource_id',
      'a.ip',
      'a.user_agent',
      'a.metadata',
      'a.created_at',
      sql<string | null>`coalesce(u.email, k.name)`.as('actor_label'),
    ])
    .where('a.org_id', '=', orgId);
  if (f.action) q = q.where('a.action', '=', f.action);
  if (f.resourceType) q = q.where('a.resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('a.resource_id', '=', f.resourceId);
  if (f.actorType) q = q.where('a.actor_type', '=', f.actorType as never);
  if (f.actorId) q = q.where('a.actor_id', '=', f.actorId);
  if (f.from) q = q.where('a.created_at', '>=', new Date(f.from));
  if (f.to) q = q.where('a.created_at', '<', new Date(f.to));
  if (f.before) q = q.where('a.id', '<', f.before);
  return q.orderBy('a.id', 'desc').limit(f.limit).execute();
}
