import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  callTool,
  connectorOwner,
  loadConnector,
  refreshTools,
} from '../../connectors/connector-calls.service.js';
import { connectorView } from '../../connectors/connector-view.js';
import { listConnectors } from '../../connectors/connectors.repository.js';
import { changeConnector, createConnector, removeConnector } from '../../connectors/connectors.service.js';
import { connectorClientMetadata } from '../../connectors/oauth-provider.js';
import { connectorSetup } from '../../connectors/runtime.js';
import { signOut, startSignIn } from '../../connectors/sign-in.service.js';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { authenticate, requirePerson } from '../../plugins/auth.js';
import oauthCallbackRoutes from './callback.js';
import chatRoutes from './chat.js';
import {
  callToolSchema,
  changeConnectorSchema,
  clientMetadataSchema,
  createConnectorSchema,
  deleteConnectorSchema,
  getConnectorSchema,
  listConnectorsSchema,
  refreshToolsSchema,
  signOutSchema,
  startSignInSchema,
} from './connectors.schemas.js';
import historyRoutes from './history.js';
import tryRoutes from './try.js';

const owner = (request: FastifyRequest) => connectorOwner(request.auth);

/**
 * Connectors: remote MCP servers a person signs in to and calls from the platform.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named services.
 */
const connectorRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db, keyring, config } = deps;
  const { rt, outbound, clientMetadataUrl } = connectorSetup(deps);
  const view = (row: Parameters<typeof connectorView>[1]) => connectorView(keyring, row);

  // Public: the popup's landing page, and the platform's Client ID Metadata Document.
  await app.register(oauthCallbackRoutes, { rt, webUrl: config.WEB_URL });
  app.get(
    '/connectors/oauth/client-metadata.json',
    { schema: clientMetadataSchema },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return {
        client_id: clientMetadataUrl ?? `${config.API_URL}/v1/connectors/oauth/client-metadata.json`,
        ...connectorClientMetadata(rt.oauth.redirectUrl),
      };
    },
  );

  await app.register(async (instance) => {
    const scoped = instance.withTypeProvider<TypeBoxTypeProvider>();
    await scoped.register(authenticate, { deps });
    scoped.addHook('preHandler', requirePerson);

    /** The caller's connector named by the path (`404` otherwise). */
    const load = (request: FastifyRequest, id: string) => loadConnector(db, owner(request), id);

    await scoped.register(tryRoutes, { db, keyring, runnerUrl: config.RUNNER_URL });
    await scoped.register(historyRoutes, { db, keyring });

    scoped.post('/connectors', { schema: createConnectorSchema }, async (request, reply) => {
      const row = await createConnector(rt, outbound, auditOrigin(request), owner(request), request.body);
      return reply.code(201).send({ connector: view(row) });
    });

    scoped.get('/connectors', { schema: listConnectorsSchema }, async (request) => ({
      connectors: (await listConnectors(db, owner(request))).map(view),
    }));

    scoped.get('/connectors/:id', { schema: getConnectorSchema }, async (request) => ({
      connector: view(await load(request, request.params.id)),
    }));

    scoped.patch('/connectors/:id', { schema: changeConnectorSchema }, async (request) => {
      const row = await load(request, request.params.id);
      return { connector: view(await changeConnector(rt, auditOrigin(request), row, request.body)) };
    });

    scoped.delete('/connectors/:id', { schema: deleteConnectorSchema }, async (request, reply) => {
      await removeConnector(rt, auditOrigin(request), owner(request), await load(request, request.params.id));
      return reply.code(204).send();
    });

    scoped.post('/connectors/:id/oauth/start', { schema: startSignInSchema }, async (request) => {
      const row = await load(request, request.params.id);
      return { authorize_url: await startSignIn(rt, owner(request).userId, row) };
    });

    scoped.delete('/connectors/:id/oauth', { schema: signOutSchema }, async (request) => {
      const row = await load(request, request.params.id);
      return { connector: view(await signOut(rt, auditOrigin(request), row)) };
    });

    scoped.post('/connectors/:id/tools/refresh', { schema: refreshToolsSchema }, async (request) => {
      const row = await load(request, request.params.id);
      return { connector: view(await refreshTools(rt, row, request.log)) };
    });

    scoped.post('/connectors/:id/call', { schema: callToolSchema }, async (request) => {
      const row = await load(request, request.params.id);
      const caller = { owner: owner(request), origin: auditOrigin(request), log: request.log };
      const { tool, arguments: args = {} } = request.body;
      const { value, exchanges, durationMs } = await callTool(rt, caller, row, tool, args);
      return { result: value, durationMs, exchanges };
    });

    await scoped.register(chatRoutes, { rt, settings: deps.chat });
  });
};

export default connectorRoutes;
