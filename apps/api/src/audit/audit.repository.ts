import type { Db } from '@bmm/db';
import { sql } from 'kysely';

export interface AuditFilter {
  /** One action (`server.update`) or every action under a prefix (`server.*`). */
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

/** `server.*` → `server.`; an exact action → null. */
export function actionPrefix(action: string): string | null {
  return action.endsWith('.*') ? action.slice(0, -1) : null;
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
  if (f.action) {
    const prefix = actionPrefix(f.action);
    // starts_with, not LIKE: `_` in an action name is a literal, not a wildcard.
    q = prefix ? q.where(sql<boolean>`starts_with(a.action, ${prefix})`) : q.where('a.action', '=', f.action);
  }
  if (f.resourceType) q = q.where('a.resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('a.resource_id', '=', f.resourceId);
  if (f.actorType) q = q.where('a.actor_type', '=', f.actorType as never);
  if (f.actorId) q = q.where('a.actor_id', '=', f.actorId);
  if (f.from) q = q.where('a.created_at', '>=', new Date(f.from));
  if (f.to) q = q.where('a.created_at', '<', new Date(f.to));
  if (f.before) q = q.where('a.id', '<', f.before);
  return q.orderBy('a.id', 'desc').limit(f.limit).execute();
}

export interface ResourceRef {
  type: string;
  id: string | null;
}

export interface ResolvedResource {
  /** What a person calls it (a server's name, a member's name, a key's name…). */
  name: string;
  /** Still there (not deleted, revoked or gone from the org): the page may link to it. */
  exists: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The resource types whose names can be resolved. */
export const NAMED_RESOURCE_TYPES = [
  'server',
  'connector',
  'oauth_grant',
  'member',
  'user',
  'api_key',
  'invitation',
];

const key = (type: string, id: string) => `${type}:${id}`;

/**
 * Names of the resources audit events point at, one query per resource type, each scoped to the org
 * (a resource of another org never resolves, even when its id is known). Keyed by `type:id`.
 */
export async function resolveResourceNames(
  db: Db,
  orgId: string,
  refs: ResourceRef[],
): Promise<Map<string, ResolvedResource>> {
  const out = new Map<string, ResolvedResource>();
  await Promise.all(
    RESOLVERS.map(async ({ types, names }) => {
      const ids = [
        ...new Set(
          refs.filter((r) => types.includes(r.type) && r.id && UUID.test(r.id)).map((r) => r.id as string),
        ),
      ];
      if (!ids.length) return;
      for (const [id, resource] of await names(db, orgId, ids))
        for (const type of types) out.set(key(type, id), resource);
    }),
  );
  return out;
}

type Named = [id: string, resource: ResolvedResource][];

/** One org-scoped query per resource type; `member` and `user` both name a person of the org. */
const RESOLVERS: { types: string[]; names(db: Db, orgId: string, ids: string[]): Promise<Named> }[] = [
  {
    types: ['server'],
    names: async (db, orgId, ids) =>
      (
        await db
          .selectFrom('servers')
          .select(['id', 'name', 'deleted_at'])
          .where('org_id', '=', orgId)
          .where('id', 'in', ids)
          .execute()
      ).map((r) => [r.id, { name: r.name, exists: !r.deleted_at }]),
  },
  {
    types: ['connector'],
    names: async (db, orgId, ids) =>
      (
        await db
          .selectFrom('connectors')
          .select(['id', 'name'])
          .where('org_id', '=', orgId)
          .where('id', 'in', ids)
          .execute()
      ).map((r) => [r.id, { name: r.name, exists: true }]),
  },
  {
    types: ['oauth_grant'],
    names: async (db, orgId, ids) =>
      (
        await db
          .selectFrom('oauth_grants as g')
          .innerJoin('oauth_clients as c', 'c.client_id', 'g.client_id')
          .innerJoin('servers as s', 's.id', 'g.server_id')
          .select(['g.id', 'c.name', 'g.revoked_at', 's.deleted_at'])
          .where('s.org_id', '=', orgId)
          .where('g.id', 'in', ids)
          .execute()
      ).map((r) => [r.id, { name: r.name, exists: !r.revoked_at && !r.deleted_at }]),
  },
  {
    types: ['member', 'user'],
    names: async (db, orgId, ids) =>
      (
        await db
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['u.id', 'u.name', 'u.email'])
          .where('m.org_id', '=', orgId)
          .where('u.id', 'in', ids)
          .execute()
      ).map((r) => [r.id, { name: r.name ? `${r.name} (${r.email})` : r.email, exists: true }]),
  },
  {
    types: ['api_key'],
    names: async (db, orgId, ids) =>
      (
        await db
          .selectFrom('api_keys')
          .select(['id', 'name', 'revoked_at'])
          .where('org_id', '=', orgId)
          .where('id', 'in', ids)
          .execute()
      ).map((r) => [r.id, { name: r.name, exists: !r.revoked_at }]),
  },
  {
    types: ['invitation'],
    names: async (db, orgId, ids) =>
      (
        await db
          .selectFrom('invitations')
          .select(['id', 'email', 'accepted_at', 'revoked_at', 'expires_at'])
          .where('org_id', '=', orgId)
          .where('id', 'in', ids)
          .execute()
      ).map((r) => [
        r.id,
        // Pending only: an accepted, revoked or expired invitation is no longer listed.
        { name: r.email, exists: !r.accepted_at && !r.revoked_at && r.expires_at > new Date() },
      ]),
  },
];

export function resolved(
  names: Map<string, ResolvedResource>,
  type: string,
  id: string | null,
): ResolvedResource | undefined {
  return id ? names.get(key(type, id)) : undefined;
}

/** What the filter pickers offer: the actions and resources that occur in the org's log. */
export async function auditFacets(db: Db, orgId: string) {
  const [actions, resources] = await Promise.all([
    db
      .selectFrom('audit_events')
      .select('action')
      .distinct()
      .where('org_id', '=', orgId)
      .orderBy('action')
      .execute(),
    db
      .selectFrom('audit_events')
      .select(['resource_type', 'resource_id', (eb) => eb.fn.max('id').as('last')])
      .where('org_id', '=', orgId)
      .where('resource_id', 'is not', null)
      .where('resource_type', 'in', NAMED_RESOURCE_TYPES)
      .groupBy(['resource_type', 'resource_id'])
      .orderBy('last', 'desc')
      .limit(300)
      .execute(),
  ]);
  const refs = resources.map((r) => ({ type: r.resource_type, id: r.resource_id }));
  const names = await resolveResourceNames(db, orgId, refs);
  return {
    actions: actions.map((a) => a.action),
    resources: refs.map((r) => {
      const n = resolved(names, r.type, r.id);
      return { type: r.type, id: r.id as string, name: n?.name ?? null, exists: n?.exists ?? false };
    }),
  };
}
