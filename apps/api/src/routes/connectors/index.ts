import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  callTool,
  connectorOwner,
  loadConnector,
  refreshTools,
} from '../../connectors/connector-calls.service.js';
import { connectorView } from '../../connectors/connector-view.js';
import { listConnectors } from '../../connectors/connectors.repository.js';
import {
  changeConnector,
  createConnector,
  type NewConnector,
  removeConnector,
} from '../../connectors/connectors.service.js';
import { connectorClientMetadata } from '../../connectors/oauth-provider.js';
import { connectorSetup } from '../../connectors/runtime.js';
import { signOut, startSignIn } from '../../connectors/sign-in.service.js';
import { auditOrigin } from '../../lib/audit.js';
import { anyObject, errors, idParams, noContent, object } from '../../lib/schemas.js';
import { authenticate, requirePerson } from '../../plugins/auth.js';
import oauthCallbackRoutes from './callback.js';
import chatRoutes from './chat.js';
import { callBody, callResponse, connectorSchema, createBody, patchBody } from './connectors.schemas.js';
import historyRoutes from './history.js';
import tryRoutes from './try.js';

const owner = (request: FastifyRequest) => connectorOwner(request.auth);

/** Connectors: remote MCP servers a person signs in to and calls from the platform. */
export default async function connectorRoutes(app: FastifyInstance) {
  const { db, keyring, config } = app.deps;
  const { rt, outbound, clientMetadataUrl } = connectorSetup(app.deps);
  const redirectUrl = rt.oauth.redirectUrl;
  const view = (row: Parameters<typeof connectorView>[1]) => connectorView(keyring, row);

  // Public: the popup's landing page, and the platform's Client ID Metadata Document.
  await app.register(async (open) => {
    await open.register(oauthCallbackRoutes, { rt, webUrl: config.WEB_URL });
    open.get(
      '/connectors/oauth/client-metadata.json',
      {
        schema: {
          summary: 'The Client ID Metadata Document connectors sign in with (when API_URL is public https)',
          tags: ['connectors'],
          security: [],
          response: { 200: anyObject },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=3600');
        return {
          client_id: clientMetadataUrl ?? `${config.API_URL}/v1/connectors/oauth/client-metadata.json`,
          ...connectorClientMetadata(redirectUrl),
        };
      },
    );
  });

  await app.register(async (scoped) => {
    await scoped.register(authenticate);
    scoped.addHook('preHandler', requirePerson);

    const load = (request: FastifyRequest) =>
      loadConnector(db, owner(request), (request.params as { id: string }).id);

    await scoped.register(tryRoutes, { db, keyring, runnerUrl: config.RUNNER_URL });
    await scoped.register(historyRoutes, { db, keyring });

    scoped.post(
      '/connectors',
      {
        schema: {
          summary: 'Add a connector (a remote MCP server you call from the platform)',
          tags: ['connectors'],
          body: createBody,
          response: { 201: object({ connector: connectorSchema }), ...errors(400, 403) },
        },
      },
      async (request, reply) => {
        const body = request.body as NewConnector;
        const row = await createConnector(rt, outbound, auditOrigin(request), owner(request), body);
        return reply.code(201).send({ connector: view(row) });
      },
    );

    scoped.get(
      '/connectors',
      {
        schema: {
          summary: 'Your connectors in this org (never their headers or tokens)',
          tags: ['connectors'],
          response: {
            200: object({ connectors: { type: 'array', items: connectorSchema } }),
            ...errors(403),
          },
        },
      },
      async (request) => ({ connectors: (await listConnectors(db, owner(request))).map(view) }),
    );

    scoped.get(
      '/connectors/:id',
      {
        schema: {
          summary: 'One of your connectors',
          tags: ['connectors'],
          params: idParams,
          response: { 200: object({ connector: connectorSchema }), ...errors(400, 403, 404) },
        },
      },
      async (request) => ({ connector: view(await load(request)) }),
    );

    scoped.patch(
      '/connectors/:id',
      {
        schema: {
          summary: 'Rename a connector or replace its headers',
          tags: ['connectors'],
          params: idParams,
          body: patchBody,
          response: { 200: object({ connector: connectorSchema }), ...errors(400, 403, 404) },
        },
      },
      async (request) => {
        const row = await load(request);
        const body = request.body as { name?: string; headers?: Record<string, string> };
        const updated = await changeConnector(rt, auditOrigin(request), row, body);
        return { connector: view(updated) };
      },
    );

    scoped.delete(
      '/connectors/:id',
      {
        schema: {
          summary:
            'Remove a connector and everything stored for it (its grant is revoked at the remote when offered)',
          tags: ['connectors'],
          params: idParams,
          response: { 204: noContent, ...errors(400, 403, 404) },
        },
      },
      async (request, reply) => {
        await removeConnector(rt, auditOrigin(request), owner(request), await load(request));
        return reply.code(204).send();
      },
    );

    scoped.post(
      '/connectors/:id/oauth/start',
      {
        schema: {
          summary: 'Start an OAuth sign-in: open authorize_url in a popup',
          tags: ['connectors'],
          params: idParams,
          response: {
            200: object({ authorize_url: { type: 'string' } }),
            ...errors(400, 403, 404, 409, 502),
          },
        },
      },
      async (request) => {
        const row = await load(request);
        return { authorize_url: await startSignIn(rt, owner(request).userId, row) };
      },
    );

    scoped.delete(
      '/connectors/:id/oauth',
      {
        schema: {
          summary:
            'Sign out: revoke the grant at the remote (RFC 7009, when offered) and forget the tokens; the registered client is kept',
          tags: ['connectors'],
          params: idParams,
          response: { 200: object({ connector: connectorSchema }), ...errors(400, 403, 404, 409) },
        },
      },
      async (request) => {
        const row = await load(request);
        const updated = await signOut(rt, auditOrigin(request), row);
        return { connector: view(updated) };
      },
    );

    scoped.post(
      '/connectors/:id/tools/refresh',
      {
        schema: {
          summary: 'List the remote server’s tools again (tools/list) and keep them',
          tags: ['connectors'],
          params: idParams,
          response: { 200: object({ connector: connectorSchema }), ...errors(400, 403, 404, 409, 502) },
        },
      },
      async (request) => {
        const row = await load(request);
        return { connector: view(await refreshTools(rt, row, request.log)) };
      },
    );

    scoped.post(
      '/connectors/:id/call',
      {
        schema: {
          summary:
            'Call one tool; answers the result, the time it took and the raw JSON-RPC exchange (tokens redacted)',
          tags: ['connectors'],
          params: idParams,
          body: callBody,
          response: { 200: callResponse, ...errors(400, 403, 404, 409, 502) },
        },
      },
      async (request) => {
        const row = await load(request);
        const body = request.body as { tool: string; arguments?: Record<string, unknown> };
        const caller = { owner: owner(request), origin: auditOrigin(request), log: request.log };
        const { value, exchanges, durationMs } = await callTool(
          rt,
          caller,
          row,
          body.tool,
          body.arguments ?? {},
        );
        return { result: value, durationMs, exchanges };
      },
    );

    await scoped.register(chatRoutes, { rt, settings: app.deps.chat });
  });
}
