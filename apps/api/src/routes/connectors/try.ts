import { randomUUID } from 'node:crypto';
import type { ConnectorRow, Db } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { conflict, notFound } from '@bmm/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { requestAudit } from '../../lib/audit.js';
import { errors, idParams, object } from '../../lib/schemas.js';
import { findServer } from '../servers/servers.repository.js';
import { mcpUrl } from '../servers/servers.schemas.js';
import { findOAuthConnectorByUrl, insertConnector, type Owner } from './connectors.repository.js';
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
export function registerTryRoute(
  app: FastifyInstance,
  ctx: {
    db: Db;
    runnerUrl: string;
    owner: (request: FastifyRequest) => Owner;
    view: (row: ConnectorRow) => Record<string, unknown> & { signedIn: boolean };
  },
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
      const who = ctx.owner(request);
      const server = await findServer(ctx.db, who.orgId, (request.params as { id: string }).id);
      if (!server) throw notFound('server');
      if (!server.current_version_id)
        throw conflict('server_not_live', 'This server has no live version yet: wait for its build.');
      const url = mcpUrl(ctx.runnerUrl, server.slug);
      const { row, created } = await ctx.db.transaction().execute(async (trx) => {
        // Two quick clicks make one connector.
        await sql`select pg_advisory_xact_lock(hashtextextended(${`connector-try:${who.userId}:${url}`}, 0))`.execute(
          trx,
        );
        const existing = await findOAuthConnectorByUrl(trx, who, url);
        if (existing) return { row: existing, created: false };
        const id = randomUUID();
        const inserted = await insertConnector(trx, {
          id,
          owner: who,
          name: server.name,
          url,
          authType: 'oauth',
          headersCiphertext: null,
          status: 'signin_required',
        });
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'connector.create',
            resourceType: 'connector',
            resourceId: id,
            metadata: { name: inserted.name, url, auth_type: 'oauth', server_id: server.id, via: 'try' },
          }),
        );
        return { row: inserted, created: true };
      });
      const connector = ctx.view(row);
      return reply
        .code(created ? 201 : 200)
        .send({ connector, created, signInRequired: !connector.signedIn });
    },
  );
}
