import { createHmac } from 'node:crypto';
import { safeEqual, sha256 } from '@bmm/crypto';
import { findSessionUser, SESSION_COOKIE, type SessionUser } from '@bmm/db';
import { AccessDenied, InvalidRequest, LoginRequired, redirectHost, scopesCovered } from '@bmm/oauth';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findClient } from '../../clients/clients.repository.js';
import type { AsContext } from '../../context.js';
import { findLiveGrant } from '../../grants/grants.repository.js';
import { canUseServer } from '../../interactions/access.js';
import { continueInteraction, requesterOf } from '../../interactions/finish.js';
import { completeInteraction, loadOpenInteraction } from '../../interactions/interactions.repository.js';
import { oauthErrorHandler, oauthErrorSchema } from '../../lib/oauth-errors.js';
import { buildRedirect } from '../../lib/redirect.js';
import { findLiveServerById, type LiveServer } from '../../servers/servers.repository.js';
import { upstreamStatus } from '../../upstream/sign-in.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

async function signedInUser(ctx: AsContext, request: FastifyRequest): Promise<SessionUser> {
  const value = request.cookies[SESSION_COOKIE];
  const session = value ? await findSessionUser(ctx.db, sha256(value)) : null;
  if (!session) throw new LoginRequired('Sign in to answer this authorization request.');
  return session;
}

/** The CSRF token binds an interaction to the session that viewed it. */
function csrfToken(ctx: AsContext, interactionId: string, sessionId: string): string {
  return createHmac('sha256', ctx.csrfKey).update(`${interactionId}:${sessionId}`).digest('base64url');
}

function checkCsrf(ctx: AsContext, interactionId: string, sessionId: string, presented: unknown): void {
  if (typeof presented !== 'string' || presented.length === 0)
    throw new InvalidRequest('csrf_token is missing.', 403);
  if (!safeEqual(presented, csrfToken(ctx, interactionId, sessionId)))
    throw new InvalidRequest('csrf_token is not valid for this session.', 403);
}

async function checkAccess(ctx: AsContext, session: SessionUser, server: LiveServer): Promise<void> {
  if (!(await canUseServer(ctx.db, session.user, server)))
    throw new AccessDenied(
      // Never name the server: the person may not even be allowed to know it exists.
      `Your account (${session.user.email}) may not use this server. Ask its owner for access; if it was shared with your email address, verify that address first.`,
    );
}

async function liveServer(ctx: AsContext, serverId: string): Promise<LiveServer> {
  const server = await findLiveServerById(ctx.db, serverId);
  if (!server) throw new InvalidRequest('The server of this request is no longer available.', 404);
  return server;
}

const interactionSchema = {
  type: 'object',
  properties: {
    client: {
      type: 'object',
      properties: {
        client_id: { type: 'string' },
        name: { type: 'string' },
        logo_uri: { type: ['string', 'null'] },
        redirect_host: { type: ['string', 'null'] },
        client_host: { type: ['string', 'null'] },
        is_cimd: { type: 'boolean' },
        localhost_only: { type: 'boolean' },
      },
    },
    server: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        slug: { type: 'string' },
        org: { type: 'string' },
        tools: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              title: { type: 'string' },
              description: { type: 'string' },
            },
          },
        },
      },
    },
    scopes: { type: 'array', items: { type: 'string' } },
    upstreams: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          scopes: { type: 'array', items: { type: 'string' } },
          connected: { type: 'boolean' },
        },
      },
    },
    user: {
      type: 'object',
      properties: { id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
    },
    csrf_token: { type: 'string' },
    auto_approved: { type: 'boolean' },
    redirect_to: { type: 'string' },
  },
} as const;
const clientPreviewSchema = {
  type: 'object',
  required: ['client'],
  properties: {
    client: {
      type: 'object',
      required: ['name', 'redirect_host'],
      properties: { name: { type: 'string' }, redirect_host: { type: ['string', 'null'] } },
    },
  },
} as const;
const redirectSchema = {
  type: 'object',
  required: ['redirect_to'],
  properties: { redirect_to: { type: 'string' } },
} as const;
const params = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 100 } },
} as const;
const answerBody = {
  type: 'object',
  properties: { csrf_token: { type: 'string', maxLength: 200 } },
} as const;

/**
 * The consent API of the web app, authenticated by the `bmm_session` cookie. When the user already
 * granted this client the same server and scopes, GET answers `auto_approved: true` with
 * `redirect_to` already carrying the code (sign-in is still required; consent is not asked twice).
 * `upstreams` lists the APIs the server signs the user in to; approving sends the browser to the
 * first upstream without a live token (`redirect_to` is then the provider's authorization URL) and
 * the upstream callback continues from there.
 */
export default async function interactionRoutes(app: FastifyInstance, { ctx }: { ctx: AsContext }) {
  await app.register(cookie);
  app.setErrorHandler(oauthErrorHandler());
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get<{ Params: { id: string } }>(
    '/interaction/:id',
    { schema: { params, response: { 200: interactionSchema, '4xx': oauthErrorSchema } } },
    async (request) => {
      const session = await signedInUser(ctx, request);
      const interaction = await loadOpenInteraction(ctx.db, request.params.id);
      const server = await liveServer(ctx, interaction.server_id);
      await checkAccess(ctx, session, server);
      const client = await findClient(ctx.db, interaction.client_id);
      if (!client) throw new InvalidRequest('The client of this request no longer exists.', 404);
      const hosts = client.redirect_uris.map((u) => redirectHost(u));
      const upstreams = await upstreamStatus(ctx.db, session.user.id, server);
      const body = {
        client: {
          client_id: client.client_id,
          name: client.name,
          logo_uri: client.logo_uri,
          redirect_host: redirectHost(interaction.redirect_uri),
          client_host: client.is_cimd ? new URL(client.client_id).hostname : null,
          is_cimd: client.is_cimd,
          localhost_only: hosts.every((h) => h !== null && LOOPBACK.has(h)),
        },
        server: {
          name: server.name,
          slug: server.slug,
          org: server.orgName,
          tools: (server.spec.tools ?? []).map((t) => ({
            name: t.name,
            title: t.title ?? t.name,
            description: t.description ?? '',
          })),
        },
        scopes: interaction.scopes,
        upstreams: upstreams.map((u) => ({
          id: u.upstream.id,
          name: u.upstream.name,
          scopes: u.scopes,
          connected: u.connected,
        })),
        user: session.user,
        csrf_token: csrfToken(ctx, interaction.id, session.sessionId),
      };
      const grant = await findLiveGrant(
        ctx.db,
        session.user.id,
        interaction.client_id,
        interaction.server_id,
      );
      // Consent is not asked twice, unless an upstream sign-in is due (the page then lists it).
      if (grant && scopesCovered(interaction.scopes, grant.scopes) && upstreams.every((u) => u.connected))
        return {
          ...body,
          auto_approved: true,
          redirect_to: await continueInteraction(
            ctx,
            requesterOf(request),
            interaction,
            session.user.id,
            server,
          ),
        };
      return { ...body, auto_approved: false };
    },
  );

  // Before sign-in, the login page names the client asking; nothing about the server (it may be private).
  app.get<{ Params: { id: string } }>(
    '/interaction/:id/client',
    { schema: { params, response: { 200: clientPreviewSchema, '4xx': oauthErrorSchema } } },
    async (request) => {
      const interaction = await loadOpenInteraction(ctx.db, request.params.id);
      const client = await findClient(ctx.db, interaction.client_id);
      if (!client) throw new InvalidRequest('The client of this request no longer exists.', 404);
      return { client: { name: client.name, redirect_host: redirectHost(interaction.redirect_uri) } };
    },
  );

  app.post<{ Params: { id: string }; Body: { csrf_token?: string } }>(
    '/interaction/:id/approve',
    { schema: { params, body: answerBody, response: { 200: redirectSchema, '4xx': oauthErrorSchema } } },
    async (request) => {
      const session = await signedInUser(ctx, request);
      const interaction = await loadOpenInteraction(ctx.db, request.params.id);
      checkCsrf(ctx, interaction.id, session.sessionId, request.body?.csrf_token);
      const server = await liveServer(ctx, interaction.server_id);
      await checkAccess(ctx, session, server);
      return {
        redirect_to: await continueInteraction(
          ctx,
          requesterOf(request),
          interaction,
          session.user.id,
          server,
        ),
      };
    },
  );

  app.post<{ Params: { id: string }; Body: { csrf_token?: string } }>(
    '/interaction/:id/deny',
    { schema: { params, body: answerBody, response: { 200: redirectSchema, '4xx': oauthErrorSchema } } },
    async (request) => {
      const session = await signedInUser(ctx, request);
      const interaction = await loadOpenInteraction(ctx.db, request.params.id);
      checkCsrf(ctx, interaction.id, session.sessionId, request.body?.csrf_token);
      await completeInteraction(ctx.db, interaction.id);
      return {
        redirect_to: buildRedirect(interaction.redirect_uri, {
          error: 'access_denied',
          error_description: 'The user denied the request.',
          state: interaction.state,
          iss: ctx.urls.issuer,
        }),
      };
    },
  );
}
