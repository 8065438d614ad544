import { notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { dateTime, errors, idParams, iso, nullableString, object } from '../../lib/schemas.js';
import { findServer, recentCalls } from './servers.repository.js';

const callSchema = object({
  id: { type: 'string' },
  tool: { type: 'string' },
  status: { type: 'string' },
  durationMs: { type: 'integer' },
  clientId: nullableString,
  createdAt: dateTime,
});

/** Recent tool calls of a server, as the runner recorded them. Registered inside the servers plugin. */
export default async function callRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get(
    '/servers/:id/calls',
    {
      schema: {
        summary: "A server's latest tool calls, newest first (tool, status, duration, client; no arguments)",
        tags: ['servers'],
        params: idParams,
        querystring: object({ limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }, []),
        response: { 200: object({ calls: { type: 'array', items: callSchema } }), ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { limit } = request.query as { limit: number };
      const { orgId } = request.auth;
      if (!(await findServer(db, orgId, id))) throw notFound('server');
      const calls = await recentCalls(db, orgId, id, limit);
      return {
        calls: calls.map((c) => ({
          id: String(c.id),
          tool: c.tool,
          status: c.status,
          durationMs: c.duration_ms,
          clientId: c.client_id,
          createdAt: iso(c.created_at),
        })),
      };
    },
  );
}
