import type { FastifyInstance } from 'fastify';
import { anyObject, dateTime, errors, iso, nullableString, object } from '../../lib/schemas.js';
import { authenticate, requireRole } from '../../plugins/auth.js';
import {
  type AuditFilter,
  auditFacets,
  listAuditEvents,
  resolved,
  resolveResourceNames,
} from './audit.repository.js';

const eventSchema = object({
  id: { type: 'string' },
  actorType: { type: 'string', enum: ['user', 'api_key', 'system', 'oauth_client'] },
  actorId: nullableString,
  actorLabel: nullableString,
  action: { type: 'string' },
  resourceType: { type: 'string' },
  resourceId: nullableString,
  resourceName: {
    ...nullableString,
    description: 'What the resource is called, for servers, connectors, clients, members and API keys',
  },
  resourceExists: {
    type: 'boolean',
    description: 'The resource is still there (not deleted, revoked or gone from the org)',
  },
  ip: nullableString,
  userAgent: nullableString,
  metadata: anyObject,
  createdAt: dateTime,
});

/** One action (`server.update`) or a prefix (`server.*`): lower-case dotted words. */
const ACTION_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?$';

/** `GET /audit`: who changed what, newest first, with filters and a cursor. Admins and owners. */
export default async function auditRoutes(app: FastifyInstance) {
  await app.register(authenticate);

  app.get(
    '/audit',
    {
      preHandler: requireRole('admin'),
      schema: {
        summary: "The org's audit events, newest first (cursor-paginated)",
        tags: ['audit'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            action: {
              type: 'string',
              maxLength: 100,
              pattern: ACTION_PATTERN,
              description: 'One action (`server.update`) or every action under a prefix (`server.*`)',
            },
            resourceType: { type: 'string', maxLength: 100 },
            resourceId: { type: 'string', maxLength: 100 },
            actorType: { type: 'string', enum: ['user', 'api_key', 'system', 'oauth_client'] },
            actorId: { type: 'string', maxLength: 100 },
            from: dateTime,
            to: dateTime,
            cursor: {
              type: 'string',
              pattern: '^[0-9]{1,18}$',
              description: 'nextCursor of the previous page',
            },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: {
          200: object({ events: { type: 'array', items: eventSchema }, nextCursor: nullableString }),
          ...errors(400, 403),
        },
      },
    },
    async (request) => {
      const q = request.query as Omit<AuditFilter, 'before'> & { cursor?: string };
      const { orgId } = request.auth;
      const rows = await listAuditEvents(app.deps.db, orgId, {
        ...q,
        before: q.cursor,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const names = await resolveResourceNames(
        app.deps.db,
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
        nextCursor: rows.length > q.limit ? String(page.at(-1)?.id) : null,
      };
    },
  );

  app.get(
    '/audit/facets',
    {
      preHandler: requireRole('admin'),
      schema: {
        summary: "What the audit log's filters can offer: the actions and named resources in the org's log",
        tags: ['audit'],
        response: {
          200: object({
            actions: { type: 'array', items: { type: 'string' } },
            resources: {
              type: 'array',
              description: 'The 300 most recently touched servers, connectors, clients, members and API keys',
              items: object({
                type: { type: 'string' },
                id: { type: 'string' },
                name: nullableString,
                exists: { type: 'boolean' },
              }),
            },
          }),
          ...errors(403),
        },
      },
    },
    async (request) => auditFacets(app.deps.db, request.auth.orgId),
  );
}
