import { randomUUID } from 'node:crypto';
import { recordAudit } from '@bmm/db';
import { badGateway, badRequest, conflict, notFound } from '@bmm/http';
import { auth as runAuth } from '@modelcontextprotocol/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  callTool,
  connectorOwner,
  loadConnector,
  refreshTools,
} from '../../connectors/connector-calls.service.js';
import { connectorView } from '../../connectors/connector-view.js';
import {
  deleteConnector,
  insertConnector,
  insertOAuthState,
  listConnectors,
  updateConnector,
} from '../../connectors/connectors.repository.js';
import { checkHeaders } from '../../connectors/headers.js';
import {
  ConnectorOAuthProvider,
  connectorAad,
  connectorClientMetadata,
  openOAuthData,
} from '../../connectors/oauth-provider.js';
import { newOAuthState } from '../../connectors/oauth-state.js';
import { revokeAtRemote } from '../../connectors/revoke.js';
import { connectorSetup } from '../../connectors/runtime.js';
import { auditOrigin, requestAudit } from '../../lib/audit.js';
import { OutboundRefusedError, refusalReason } from '../../lib/outbound.js';
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
        const body = request.body as {
          name: string;
          url: string;
          authType: 'none' | 'headers' | 'oauth';
          headers?: Record<string, string>;
        };
        let url: URL;
        try {
          url = new URL(body.url);
        } catch {
          throw badRequest('invalid_url', 'url is not a valid URL.', [
            { field: 'url', message: 'not a URL' },
          ]);
        }
        const refused = refusalReason(url, outbound);
        if (refused || url.hash)
          throw badRequest('url_refused', `This URL cannot be used: ${refused ?? 'it has a fragment'}.`, [
            { field: 'url', message: refused ?? 'fragment' },
          ]);
        if (body.headers && body.authType !== 'headers')
          throw badRequest('headers_unexpected', 'Headers are only stored for authType "headers".', [
            { field: 'headers', message: 'only with authType headers' },
          ]);
        checkHeaders(body.headers);
        const id = randomUUID();
        const row = await db.transaction().execute(async (trx) => {
          const created = await insertConnector(trx, {
            id,
            owner: owner(request),
            name: body.name.trim(),
            url: body.url,
            authType: body.authType,
            headersCiphertext:
              body.authType === 'headers'
                ? keyring.encrypt(JSON.stringify(body.headers ?? {}), connectorAad(id, 'headers'))
                : null,
            status: body.authType === 'oauth' ? 'signin_required' : 'ready',
          });
          await recordAudit(
            trx,
            requestAudit(request, {
              action: 'connector.create',
              resourceType: 'connector',
              resourceId: id,
              metadata: {
                name: created.name,
                url: created.url,
                auth_type: created.auth_type,
                header_names: Object.keys(body.headers ?? {}),
              },
            }),
          );
          return created;
        });
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
        if (body.headers && row.auth_type !== 'headers')
          throw badRequest('headers_unexpected', 'Headers are only stored for authType "headers".', [
            { field: 'headers', message: 'only with authType headers' },
          ]);
        checkHeaders(body.headers);
        const updated = await db.transaction().execute(async (trx) => {
          const next = await updateConnector(trx, row.id, {
            ...(body.name ? { name: body.name.trim() } : {}),
            ...(body.headers
              ? {
                  headers_ciphertext: keyring.encrypt(
                    JSON.stringify(body.headers),
                    connectorAad(row.id, 'headers'),
                  ),
                }
              : {}),
          });
          await recordAudit(
            trx,
            requestAudit(request, {
              action: 'connector.update',
              resourceType: 'connector',
              resourceId: row.id,
              metadata: {
                name: next!.name,
                ...(body.headers ? { header_names: Object.keys(body.headers) } : {}),
              },
            }),
          );
          return next!;
        });
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
        const found = await load(request);
        const remote =
          found.auth_type === 'oauth'
            ? await revokeAtRemote(rt.fetch, openOAuthData(keyring, found.id, found.oauth_ciphertext))
            : undefined;
        await db.transaction().execute(async (trx) => {
          const row = await deleteConnector(trx, owner(request), found.id);
          if (!row) throw notFound('connector');
          await recordAudit(
            trx,
            requestAudit(request, {
              action: 'connector.delete',
              resourceType: 'connector',
              resourceId: row.id,
              metadata: { name: row.name, url: row.url, ...(remote ? { remote_revocation: remote } : {}) },
            }),
          );
        });
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
        if (row.auth_type !== 'oauth') throw conflict('not_oauth', 'This connector does not use OAuth.');
        const { state, nonceHash, expiresAt } = newOAuthState(keyring, request.auth.userId!, row.id);
        await insertOAuthState(db, {
          nonceHash,
          connectorId: row.id,
          userId: request.auth.userId!,
          expiresAt,
        });
        // A fresh sign-in: keep the registered client, drop old tokens and discovery.
        const data = openOAuthData(keyring, row.id, row.oauth_ciphertext);
        const provider = new ConnectorOAuthProvider(
          db,
          keyring,
          row.id,
          { client: data.client, scope: data.scope },
          { ...rt.oauth, state },
        );
        try {
          const result = await runAuth(provider, {
            serverUrl: row.url,
            fetchFn: rt.fetch,
            ...(data.scope ? { scope: data.scope } : {}),
          });
          if (result !== 'REDIRECT' || !provider.authorizationUrl)
            throw new Error('the server authorized without a sign-in');
        } catch (err) {
          const message = (
            err instanceof OutboundRefusedError
              ? err.message
              : `OAuth discovery failed: ${(err as Error).message}`
          ).slice(0, 500);
          await updateConnector(db, row.id, { status: 'error', last_error: message });
          throw badGateway(
            'oauth_discovery_failed',
            `${message} The auth doctor (/doctor) shows which step fails.`,
          );
        }
        return { authorize_url: provider.authorizationUrl.href };
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
        if (row.auth_type !== 'oauth') throw conflict('not_oauth', 'This connector does not use OAuth.');
        const data = openOAuthData(keyring, row.id, row.oauth_ciphertext);
        const remote = await revokeAtRemote(rt.fetch, data);
        const updated = await db.transaction().execute(async (trx) => {
          const provider = new ConnectorOAuthProvider(
            trx,
            keyring,
            row.id,
            { client: data.client },
            rt.oauth,
          );
          await provider.invalidateCredentials('tokens');
          const next = await updateConnector(trx, row.id, { status: 'signin_required', last_error: null });
          await recordAudit(
            trx,
            requestAudit(request, {
              action: 'connector.signout',
              resourceType: 'connector',
              resourceId: row.id,
              metadata: { name: row.name, remote_revocation: remote },
            }),
          );
          return next!;
        });
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
