import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { conflict, notFound } from '@bmm/http';
import { canonicalResourceUrl } from '@bmm/oauth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { connectorOwner } from '../../connectors/connector-calls.service.js';
import { connectorView } from '../../connectors/connector-view.js';
import { findOrCreateTryConnector } from '../../connectors/connectors.service.js';
import { auditOrigin } from '../../lib/audit.js';
import { findServer } from '../../servers/servers.repository.js';
import { tryServerSchema } from './connectors.schemas.js';

/**
 * "Try it": one click from a hosted server's page to a connector of your own to that server, which
 * signs in through this platform's AS and consent page like any other MCP client.
 */
const tryRoutes: FastifyPluginAsyncTypebox<{ db: Db; keyring: Keyring; runnerUrl: string }> = async (
  app,
  { db, keyring, runnerUrl },
) => {
  app.post('/servers/:id/try', { schema: tryServerSchema }, async (request, reply) => {
    const who = connectorOwner(request.auth);
    const server = await findServer(db, who.orgId, request.params.id);
    if (!server) throw notFound('server');
    if (!server.current_version_id)
      throw conflict('server_not_live', 'This server has no live version yet: wait for its build.');
    const { row, created } = await findOrCreateTryConnector(db, auditOrigin(request), who, {
      id: server.id,
      name: server.name,
      url: canonicalResourceUrl(runnerUrl, server.slug),
    });
    const connector = connectorView(keyring, row);
    return reply.code(created ? 201 : 200).send({ connector, created, signInRequired: !connector.signedIn });
  });
};

export default tryRoutes;
