import type { FastifyInstance } from 'fastify';
import { anyObject, dateTime, errors, iso, nullableString, object } from '../../lib/schemas.js';
import { authenticate, requireRole } from '../../plugins/auth.js';
import { type AuditFilter, listAuditEvents } from './audit.repository.js';

const eventSchema = object({
  id: { type: 'string' },
  actorType: { type: 'string', enum: ['user', 'api_key', 'system', 'oauth_client'] },
  actorId: nullableString,
  actorLabel: nullableString,
  action: { type: 'string' },
  resourceType: { type: 'string' },
  resourceId: nullableString,
  ip: nullableString,
  userAgent: nullableString,
  metadata: anyObject,
  createdAt: dateTime,
});

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
            action: { type: 'string', maxLength: 100 },
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
      const rows = await listAuditEvents(app.deps.db, request.auth.orgId, {
        ...q,
        before: q.cursor,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      return {
        events: page.map((r) => ({
          id: String(r.id),
          actorType: r.actor_type,
          actorId: r.actor_id,
          actorLabel: r.actor_label,
          action: r.action,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
          ip: r.ip,
          userAgent: r.user_agent,
          metadata: r.metadata,
          createdAt: iso(r.created_at),
        })),
        nextCursor: rows.length > q.limit ? String(page.at(-1)?.id) : null,
      };
    },
  );
}
