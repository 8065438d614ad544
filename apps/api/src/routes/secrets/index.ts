import { notFound } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { errors, idParams, noContent, object, uuid } from '../../lib/schemas.js';
import { authenticate } from '../../plugins/auth.js';
import { toSecret } from '../../secrets/secrets.mapper.js';
import { listSecrets } from '../../secrets/secrets.repository.js';
import { secretName, secretSchema } from '../../secrets/secrets.schemas.js';
import { deleteServerSecret, setServerSecret } from '../../secrets/secrets.service.js';
import { lockServer } from '../../servers/servers.repository.js';

const secretParams = object({ id: uuid, name: secretName });

/**
 * Server secrets: write-only values, encrypted and bound to (server, name); lists show names only.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named services.
 */
const secretRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  const { db } = deps;

  app.get(
    '/servers/:id/secrets',
    {
      schema: {
        summary: "A server's secrets: names and who changed them when — never values",
        tags: ['secrets'],
        params: idParams,
        response: { 200: object({ secrets: Type.Array(secretSchema) }), ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const server = await lockServer(db, request.auth.orgId, id);
      if (!server) throw notFound('server');
      return { secrets: (await listSecrets(db, id)).map(toSecret) };
    },
  );

  app.put(
    '/servers/:id/secrets/:name',
    {
      schema: {
        summary: 'Set a secret (encrypted at rest; the running server picks it up at once)',
        tags: ['secrets'],
        params: secretParams,
        body: object({ value: Type.String({ minLength: 1, maxLength: 16384 }) }),
        response: { 200: object({ secret: secretSchema }), ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { id, name } = request.params;
      const secret = await setServerSecret(deps, request.auth, auditOrigin(request), {
        serverId: id,
        name,
        value: request.body.value,
      });
      return { secret: toSecret(secret) };
    },
  );

  app.delete(
    '/servers/:id/secrets/:name',
    {
      schema: {
        summary: 'Delete a secret',
        tags: ['secrets'],
        params: secretParams,
        response: { 204: noContent, ...errors(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, name } = request.params;
      await deleteServerSecret(db, request.auth.orgId, auditOrigin(request), { serverId: id, name });
      return reply.code(204).send();
    },
  );
};

export default secretRoutes;
