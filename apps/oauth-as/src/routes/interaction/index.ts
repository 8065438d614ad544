import { createHmac } from 'node:crypto';
import { safeEqual, sha256 } from '@bmm/crypto';
import type { OAuthClientRow, OAuthInteractionRow } from '@bmm/db';
import { findSessionUser, SESSION_COOKIE, type SessionUser } from '@bmm/db';
import { AccessDenied, InvalidRequest, LoginRequired, redirectHost, scopesCovered } from '@bmm/oauth';
import cookie from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { findClient } from '../../clients/clients.repository.js';
import type { AsContext } from '../../context.js';
import { findLiveGrant } from '../../grants/grants.repository.js';
import { canUseServer } from '../../interactions/access.js';
import { continueInteraction, requesterOf } from '../../interactions/finish.js';
import { completeInteraction, loadOpenInteraction } from '../../interactions/interactions.repository.js';
import { oauthErrorHandler } from '../../lib/oauth-errors.js';
import { buildRedirect } from '../../lib/redirect.js';
import { findLiveServerById, type LiveServer } from '../../servers/servers.repository.js';
import { upstreamStatus } from '../../upstream/sign-in.js';
import { NullableString, OAuthErrorSchema } from '../schemas.js';

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

const S = Type.String;
const Strings = () => Type.Array(Type.String());
const InteractionSchema = Type.Object({
  client: Type.Optional(
    Type.Object({
      client_id: Type.Optional(S()),
      name: Type.Optional(S()),
      logo_uri: Type.Optional(NullableString()),
      redirect_host: Type.Optional(NullableString()),
      client_host: Type.Optional(NullableString()),
      is_cimd: Type.Optional(Type.Boolean()),
      localhost_only: Type.Optional(Type.Boolean()),
    }),
  ),
  server: Type.Optional(
    Type.Object({
      name: Type.Optional(S()),
      slug: Type.Optional(S()),
      org: Type.Optional(S()),
      tools: Type.Optional(
        Type.Array(
          Type.Object({
            name: Type.Optional(S()),
            title: Type.Optional(S()),
            description: Type.Optional(S()),
          }),
        ),
      ),
    }),
  ),
  scopes: Type.Optional(Strings()),
  upstreams: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Optional(S()),
        name: Type.Optional(S()),
        scopes: Type.Optional(Strings()),
        connected: Type.Optional(Type.Boolean()),
      }),
    ),
  ),
  user: Type.Optional(
    Type.Object({ id: Type.Optional(S()), email: Type.Optional(S()), name: Type.Optional(S()) }),
  ),
  csrf_token: Type.Optional(S()),
  auto_approved: Type.Optional(Type.Boolean()),
  redirect_to: Type.Optional(S()),
});
const ClientPreviewSchema = Type.Object({
  client: Type.Object({ name: S(), redirect_host: NullableString() }),
});
const RedirectSchema = Type.Object({ redirect_to: S() });
const Params = Type.Object({ id: S({ maxLength: 100 }) });
const AnswerBody = Type.Object({ csrf_token: Type.Optional(S({ maxLength: 200 })) });

/** What the consent page shows: who asks, for which server and scopes, and the upstream sign-ins due. */
function consentView(
  ctx: AsContext,
  input: {
    interaction: OAuthInteractionRow;
    client: OAuthClientRow;
    server: LiveServer;
    upstreams: Awaited<ReturnType<typeof upstreamStatus>>;
    session: SessionUser;
  },
) {
  const { interaction, client, server, upstreams, session } = input;
  const hosts = client.redirect_uris.map((u) => redirectHost(u));
  return {
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
}

const viewSchema = { params: Params, response: { 200: InteractionSchema, '4xx': OAuthErrorSchema } };
const previewSchema = { params: Params, response: { 200: ClientPreviewSchema, '4xx': OAuthErrorSchema } };
const answerSchema = {
  params: Params,
  body: AnswerBody,
  response: { 200: RedirectSchema, '4xx': OAuthErrorSchema },
};

/**
 * The consent API of the web app, authenticated by the `bmm_session` cookie. When the user already
 * granted this client the same server and scopes, GET answers `auto_approved: true` with
 * `redirect_to` already carrying the code (sign-in is still required; consent is not asked twice).
 * `upstreams` lists the APIs the server signs the user in to; approving sends the browser to the
 * first upstream without a live token (`redirect_to` is then the provider's authorization URL) and
 * the upstream callback continues from there.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named checks and services.
 */
const interactionRoutes: FastifyPluginAsyncTypebox<{ ctx: AsContext }> = async (app, { ctx }) => {
  await app.register(cookie);
  app.setErrorHandler(oauthErrorHandler());
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get('/interaction/:id', { schema: viewSchema }, async (request) => {
    const session = await signedInUser(ctx, request);
    const interaction = await loadOpenInteraction(ctx.db, request.params.id);
    const server = await liveServer(ctx, interaction.server_id);
    await checkAccess(ctx, session, server);
    const client = await findClient(ctx.db, interaction.client_id);
    if (!client) throw new InvalidRequest('The client of this request no longer exists.', 404);
    const upstreams = await upstreamStatus(ctx.db, session.user.id, server);
    const body = consentView(ctx, { interaction, client, server, upstreams, session });
    const grant = await findLiveGrant(ctx.db, session.user.id, interaction.client_id, interaction.server_id);
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
  });

  // Before sign-in, the login page names the client asking; nothing about the server (it may be private).
  app.get('/interaction/:id/client', { schema: previewSchema }, async (request) => {
    const interaction = await loadOpenInteraction(ctx.db, request.params.id);
    const client = await findClient(ctx.db, interaction.client_id);
    if (!client) throw new InvalidRequest('The client of this request no longer exists.', 404);
    return { client: { name: client.name, redirect_host: redirectHost(interaction.redirect_uri) } };
  });

  app.post('/interaction/:id/approve', { schema: answerSchema }, async (request) => {
    const session = await signedInUser(ctx, request);
    const interaction = await loadOpenInteraction(ctx.db, request.params.id);
    checkCsrf(ctx, interaction.id, session.sessionId, request.body?.csrf_token);
    const server = await liveServer(ctx, interaction.server_id);
    await checkAccess(ctx, session, server);
    return {
      redirect_to: await continueInteraction(ctx, requesterOf(request), interaction, session.user.id, server),
    };
  });

  app.post('/interaction/:id/deny', { schema: answerSchema }, async (request) => {
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
  });
};

export default interactionRoutes;
