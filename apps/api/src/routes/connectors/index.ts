import { randomUUID } from 'node:crypto';
import type { ConnectorRow } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { badGateway, badRequest, conflict, notFound } from '@bmm/http';
import { auth as runAuth } from '@modelcontextprotocol/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestAudit } from '../../lib/audit.js';
import { createOutboundFetch, OutboundRefusedError, refusalReason } from '../../lib/outbound.js';
import { anyObject, errors, idParams, iso, noContent, object } from '../../lib/schemas.js';
import { authenticate, requirePerson } from '../../plugins/auth.js';
import { registerOAuthCallback } from './callback.js';
import { registerChatRoutes } from './chat.js';
import {
  deleteConnector,
  findConnector,
  insertConnector,
  insertOAuthState,
  listConnectors,
  type Owner,
  updateConnector,
} from './connectors.repository.js';
import {
  callBody,
  callResponse,
  connectorSchema,
  createBody,
  patchBody,
  RESERVED_HEADERS,
} from './connectors.schemas.js';
import { recordCall, registerHistoryRoutes } from './history.js';
import { type ConnectorRuntime, SignInRequiredError, withConnectorClient } from './mcp-session.js';
import {
  ConnectorOAuthProvider,
  connectorAad,
  connectorClientMetadata,
  openOAuthData,
} from './oauth-provider.js';
import { newOAuthState } from './oauth-state.js';
import { revokeAtRemote } from './revoke.js';
import { registerTryRoute } from './try.js';

function toConnector(row: ConnectorRow, headerNames: string[], hasTokens: boolean) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    authType: row.auth_type,
    status: row.status,
    // A registered client or a sign-in under way is stored too: only tokens mean "signed in".
    signedIn: hasTokens && row.status !== 'signin_required',
    headerNames,
    lastError: row.last_error,
    tools: (row.tools as Record<string, unknown>[] | null) ?? null,
    toolsRefreshedAt: iso(row.tools_refreshed_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

const owner = (request: FastifyRequest): Owner => ({
  userId: request.auth.userId!,
  orgId: request.auth.orgId,
});

function checkHeaders(headers: Record<string, string> | undefined): void {
  for (const name of Object.keys(headers ?? {})) {
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      throw badRequest('reserved_header', `The MCP client sets ${name} itself.`, [
        { field: `headers.${name}`, message: 'reserved' },
      ]);
  }
}

/** Connectors: remote MCP servers a person signs in to and calls from the platform. */
export default async function connectorRoutes(app: FastifyInstance) {
  const { db, keyring, config } = app.deps;
  const outbound = {
    allowPrivateNetwork: config.allowPrivateNetwork ?? false,
    trustedOrigins: [config.RUNNER_URL],
  };
  const redirectUrl = `${config.API_URL}/v1/connectors/oauth/callback`;
  const apiUrl = new URL(config.API_URL);
  // CIMD needs a client_id the remote AS can fetch: only a public https API_URL qualifies.
  const clientMetadataUrl =
    apiUrl.protocol === 'https:' && !refusalReason(apiUrl, { allowPrivateNetwork: false, trustedOrigins: [] })
      ? `${config.API_URL}/v1/connectors/oauth/client-metadata.json`
      : undefined;
  const rt: ConnectorRuntime = {
    db,
    keyring,
    fetch: createOutboundFetch(outbound),
    oauth: { redirectUrl, clientMetadataUrl },
  };

  // Public: the popup's landing page, and the platform's Client ID Metadata Document.
  await app.register(async (open) => {
    registerOAuthCallback(open, rt);
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

    const load = async (request: FastifyRequest) => {
      const row = await findConnector(db, owner(request), (request.params as { id: string }).id);
      if (!row) throw notFound('connector');
      return row;
    };
    const headerNames = (row: ConnectorRow): string[] =>
      row.headers_ciphertext
        ? Object.keys(
            JSON.parse(keyring.decryptString(row.headers_ciphertext, connectorAad(row.id, 'headers'))),
          )
        : [];
    const hasTokens = (row: ConnectorRow): boolean =>
      row.auth_type === 'oauth' &&
      Boolean(openOAuthData(keyring, row.id, row.oauth_ciphertext).tokens?.access_token);
    const view = (row: ConnectorRow) => toConnector(row, headerNames(row), hasTokens(row));

    registerTryRoute(scoped, { db, runnerUrl: config.RUNNER_URL, owner, view });
    registerHistoryRoutes(scoped, { db, keyring, owner });

    /** Runs an MCP operation, keeping the connector's status in step with what happened. */
    async function run<T>(
      request: FastifyRequest,
      row: ConnectorRow,
      op: Parameters<typeof withConnectorClient<T>>[2],
    ) {
      try {
        const out = await withConnectorClient(rt, row, op);
        if (row.status !== 'ready' || row.last_error)
          await updateConnector(db, row.id, { status: 'ready', last_error: null });
        return out;
      } catch (err) {
        if (err instanceof SignInRequiredError) {
          await updateConnector(db, row.id, { status: 'signin_required', last_error: err.message });
          throw conflict('signin_required', 'Sign in to this connector again.');
        }
        const message =
          err instanceof OutboundRefusedError
            ? err.message
            : `The remote server failed: ${(err as Error).message}`.slice(0, 500);
        await updateConnector(db, row.id, { status: 'error', last_error: message });
        request.log.info({ connectorId: row.id, err: (err as Error).message }, 'connector request failed');
        throw badGateway('connector_failed', message);
      }
    }

    /** tools/list (every page, at most 20), kept on the connector; answers the updated row. */
    async function refreshTools(request: FastifyRequest, row: ConnectorRow): Promise<ConnectorRow> {
      const { value } = await run(request, row, async (client) => {
        const tools: unknown[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 20; page++) {
          const res = await client.listTools(cursor ? { cursor } : undefined);
          tools.push(...res.tools);
          cursor = res.nextCursor;
          if (!cursor) break;
        }
        return tools;
      });
      const updated = await updateConnector(db, row.id, {
        tools: JSON.stringify(value),
        tools_refreshed_at: new Date(),
        status: 'ready',
        last_error: null,
      });
      if (!updated) throw notFound('connector');
      return updated;
    }

    /**
     * tools/call, kept in the person's call history (sealed) and audited as `connector.call` with the
     * tool name and outcome (never the arguments): `/call` and the chat both call through here.
     */
    async function callTool(
      request: FastifyRequest,
      row: ConnectorRow,
      tool: string,
      args: Record<string, unknown>,
      via?: 'chat',
    ) {
      const call = { connectorId: row.id, tool, arguments: args, ...(via ? { via } : {}) };
      const started = performance.now();
      let done: Awaited<ReturnType<typeof run<unknown>>>;
      try {
        done = await run(request, row, (client) => client.callTool({ name: tool, arguments: args }));
      } catch (err) {
        const durationMs = Math.round(performance.now() - started);
        await recordCall(db, keyring, request, owner(request), {
          ...call,
          outcome: 'failed',
          durationMs,
          error: err,
        });
        throw err;
      }
      const value = done.value as Record<string, unknown>;
      const { exchanges, durationMs } = done;
      await recordCall(db, keyring, request, owner(request), {
        ...call,
        outcome: value.isError ? 'tool_error' : 'ok',
        durationMs,
        result: value,
        exchanges,
      });
      return { value, exchanges, durationMs };
    }

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
        return { connector: view(await refreshTools(request, row)) };
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
        const { value, exchanges, durationMs } = await callTool(
          request,
          row,
          body.tool,
          body.arguments ?? {},
        );
        return { result: value, durationMs, exchanges };
      },
    );

    registerChatRoutes(scoped, { db, settings: app.deps.chat, load, refreshTools, callTool });
  });
}
