import { recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import { listConnectedClients, revokeGrant } from '@bmm/oauth';
import type { FastifyInstance } from 'fastify';
import { requestAudit } from '../../lib/audit.js';
import {
  dateTime,
  errors,
  idParams,
  iso,
  noContent,
  nullableDateTime,
  nullableString,
  object,
  uuid,
} from '../../lib/schemas.js';
import { authenticate, requireRole } from '../../plugins/auth.js';
import { findServer } from '../../servers/servers.repository.js';

const clientSchema = object({
  grantId: uuid,
  clientId: { type: 'string' },
  clientName: { type: 'string' },
  redirectHost: nullableString,
  scopes: { type: 'array', items: { type: 'string' } },
  userId: uuid,
  userEmail: { type: 'string' },
  createdAt: dateTime,
  lastUsedAt: nullableDateTime,
});

/** MCP clients people connected to a server through OAuth, and cutting them off. */
export default async function clientRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { db } = app.deps;

  app.get(
    '/servers/:id/clients',
    {
      schema: {
        summary: 'Connected clients (live OAuth grants) of a server, newest first',
        tags: ['clients'],
        params: idParams,
        response: {
          200: object({ clients: { type: 'array', items: clientSchema } }),
          ...errors(400, 403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      if (!(await findServer(db, request.auth.orgId, id))) throw notFound('server');
      const clients = await listConnectedClients(db, id);
      return {
        clients: clients.map((c) => ({ ...c, createdAt: iso(c.createdAt), lastUsedAt: iso(c.lastUsedAt) })),
      };
    },
  );

  app.delete(
    '/servers/:id/clients/:grantId',
    {
      preHandler: requireRole('admin'),
      schema: {
        summary:
          'Disconnect a client: its grant and refresh tokens are revoked, live access tokens denylisted',
        tags: ['clients'],
        params: object({ id: uuid, grantId: uuid }),
        response: { 204: noContent, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, grantId } = request.params as { id: string; grantId: string };
      const server = await findServer(db, request.auth.orgId, id);
      if (!server) throw notFound('server');
      if (!(await revokeGrant(db, { grantId, serverId: id }))) throw notFound('connected client');
      await recordAudit(
        db,
        requestAudit(request, {
          action: 'client.revoke',
          resourceType: 'oauth_grant',
          resourceId: grantId,
          metadata: { serverId: id, server: server.slug },
        }),
      );
      return reply.code(204).send();
    },
  );
}
