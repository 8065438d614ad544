import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { disconnectClient, serverClients } from '../../clients/clients.service.js';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import {
  dateTime,
  errors,
  idParams,
  noContent,
  nullableDateTime,
  nullableString,
  object,
  uuid,
} from '../../lib/schemas.js';
import { authenticate, requireRole } from '../../plugins/auth.js';

const clientSchema = object({
  grantId: uuid,
  clientId: Type.String(),
  clientName: Type.String(),
  redirectHost: nullableString,
  scopes: Type.Array(Type.String()),
  userId: uuid,
  userEmail: Type.String(),
  createdAt: dateTime,
  lastUsedAt: nullableDateTime,
});

const listClientsSchema = {
  summary: 'Connected clients (live OAuth grants) of a server, newest first',
  tags: ['clients'],
  params: idParams,
  response: { 200: object({ clients: Type.Array(clientSchema) }), ...errors(400, 403, 404) },
};

const disconnectClientSchema = {
  summary: 'Disconnect a client: its grant and refresh tokens are revoked, live access tokens denylisted',
  tags: ['clients'],
  params: object({ id: uuid, grantId: uuid }),
  response: { 204: noContent, ...errors(400, 403, 404) },
};

/** MCP clients people connected to a server through OAuth, and cutting them off. */
const clientRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  const { db } = deps;

  app.get('/servers/:id/clients', { schema: listClientsSchema }, async (request) => ({
    clients: await serverClients(db, request.auth.orgId, request.params.id),
  }));

  app.delete(
    '/servers/:id/clients/:grantId',
    { preHandler: requireRole('admin'), schema: disconnectClientSchema },
    async (request, reply) => {
      const { id, grantId } = request.params;
      await disconnectClient(db, request.auth.orgId, auditOrigin(request), { serverId: id, grantId });
      return reply.code(204).send();
    },
  );
};

export default clientRoutes;
