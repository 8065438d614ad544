import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { conflict, notFound } from '@bmm/http';
import { canonicalResourceUrl } from '@bmm/oauth';
import type { FastifyInstance } from 'fastify';
import { connectorOwner } from '../../connectors/connector-calls.service.js';
import { connectorView } from '../../connectors/connector-view.js';
import { findOrCreateTryConnector } from '../../connectors/connectors.service.js';
import { auditOrigin } from '../../lib/audit.js';
import { errors, idParams, object } from '../../lib/schemas.js';
import { findServer } from '../../servers/servers.repository.js';
import { connectorSchema } from './connectors.schemas.js';

const tryResponse = object({
  connector: connectorSchema,
  created: { type: 'boolean', description: 'A new connector was made for this call.' },
  signInRequired: {
    type: 'boolean',
    description: 'Open oauth/start in a popup before calling tools.',
  },
});

/**
 * "Try it": one click from a hosted server's page to a connector of your own to that server, which
 * signs in through this platform's AS and consent page like any other MCP client.
 */
export default async function tryRoutes(
  app: FastifyInstance,
  ctx: { db: Db; keyring: Keyring; runnerUrl: string },
) {
  app.post(
    '/servers/:id/try',
    {
      schema: {
        summary: 'Find or create your OAuth connector to one of this org’s hosted servers',
        tags: ['connectors'],
        params: idParams,
        response: {
          200: tryResponse,
          201: tryResponse,
          ...errors(400, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const who = connectorOwner(request.auth);
      const server = await findServer(ctx.db, who.orgId, (request.params as { id: string }).id);
      if (!server) throw notFound('server');
      if (!server.current_version_id)
        throw conflict('server_not_live', 'This server has no live version yet: wait for its build.');
      const { row, created } = await findOrCreateTryConnector(ctx.db, auditOrigin(request), who, {
        id: server.id,
        name: server.name,
        url: canonicalResourceUrl(ctx.runnerUrl, server.slug),
      });
      const connector = connectorView(ctx.keyring, row);
      return reply
        .code(created ? 201 : 200)
        .send({ connector, created, signInRequired: !connector.signedIn });
    },
  );
}
