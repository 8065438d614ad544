import { sha256 } from '@bmm/crypto';
import { findSessionUser, SESSION_COOKIE, type SessionUser, type UpstreamAuthorizationRow } from '@bmm/db';
import { UpstreamOAuthError } from '@bmm/upstream';
import cookie from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AsContext } from '../../context.js';
import { canUseServer } from '../../interactions/access.js';
import { continueInteraction, denyInteraction, requesterOf } from '../../interactions/finish.js';
import { findInteraction, findOpenInteraction } from '../../interactions/interactions.repository.js';
import { errorPage } from '../../lib/redirect.js';
import { findLiveServerById, type LiveServer } from '../../servers/servers.repository.js';
import {
  exchangeUpstreamCode,
  recordUpstreamConnection,
  type UpstreamTokens,
} from '../../upstream/callback.js';
import {
  beginUpstreamSignIn,
  consumeAuthorization,
  scopesFor,
  UpstreamSignInError,
  upstreamsOf,
} from '../../upstream/sign-in.js';

const CallbackQuery = Type.Object({
  state: Type.Optional(Type.String({ maxLength: 500 })),
  code: Type.Optional(Type.String({ maxLength: 4000 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 1000 })),
  iss: Type.Optional(Type.String({ maxLength: 2000 })),
});

const ConnectQuery = Type.Object({
  server: Type.String({ minLength: 1, maxLength: 100 }),
  upstream: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' }),
});

async function sessionOf(ctx: AsContext, request: FastifyRequest): Promise<SessionUser | null> {
  const value = request.cookies[SESSION_COOKIE];
  return value ? await findSessionUser(ctx.db, sha256(value)) : null;
}

/** The sentence an MCP client or the reconnect page shows when the upstream said no. */
function describeFailure(upstreamName: string, err: unknown): string {
  if (err instanceof UpstreamOAuthError) {
    if (err.error === 'access_denied') return `The sign-in to ${upstreamName} was declined.`;
    return `The sign-in to ${upstreamName} failed (${err.error}).`;
  }
  return `The sign-in to ${upstreamName} failed: ${upstreamName} could not be reached.`;
}

/**
 * Upstream sign-in (the server as an OAuth client of the API it wraps).
 *
 * - `GET /upstream/callback`: the one redirect URI of the platform. The `state` is taken once; the
 *   signed-in user must be the one who started the sign-in; the code is exchanged (PKCE, RFC 9207
 *   `iss` when advertised) and the tokens go to the vault. Inside a consent flow the next upstream
 *   follows, then our code goes to the MCP client; a denial or failure ends the flow with
 *   `access_denied` at the MCP client, never on a dead-end page.
 * - `GET /upstream/connect?server=&upstream=`: (re)connects one upstream for the signed-in user
 *   (reconnect links from tool calls, "Test sign-in") and ends at the web's
 *   `/upstream/connected` page.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named checks and services.
 */
const upstreamRoutes: FastifyPluginAsyncTypebox<{ ctx: AsContext }> = async (app, { ctx }) => {
  await app.register(cookie);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  const webUrl = ctx.config.webUrl.replace(/\/+$/, '');
  const connectedPage = (
    serverId: string,
    upstreamId: string,
    error?: { code: string; description: string },
  ) => {
    const u = new URL(`${webUrl}/upstream/connected`);
    u.searchParams.set('server', serverId);
    u.searchParams.set('upstream', upstreamId);
    if (error) {
      u.searchParams.set('error', error.code);
      u.searchParams.set('error_description', error.description.slice(0, 300));
    }
    return u.toString();
  };
  const page = (reply: FastifyReply, status: number, error: string, description: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(errorPage(error, description, webUrl));

  /** Where the browser goes when a sign-in fails: the MCP client (consent flow) or the connected page. */
  async function failTo(auth: UpstreamAuthorizationRow, description: string, code = 'access_denied') {
    if (auth.interaction_id) {
      const interaction = await findInteraction(ctx.db, auth.interaction_id);
      if (interaction) return await denyInteraction(ctx, interaction, description);
    }
    return connectedPage(auth.server_id, auth.upstream_id, { code, description });
  }

  app.get('/upstream/callback', { schema: { querystring: CallbackQuery } }, async (request, reply) => {
    const { state } = request.query;
    const auth = state ? await consumeAuthorization(ctx.db, state) : null;
    if (!auth)
      return page(
        reply,
        400,
        'invalid_request',
        'This sign-in link is unknown, already used or expired. Start again from your MCP client or the server page.',
      );
    const session = await sessionOf(ctx, request);
    if (!session || session.user.id !== auth.user_id)
      return reply.redirect(
        await failTo(auth, 'The sign-in was started by another account, or your session ended.'),
      );
    const server = await findLiveServerById(ctx.db, auth.server_id);
    const upstream = server && upstreamsOf(server).find((u) => u.id === auth.upstream_id);
    if (!server || !upstream)
      return reply.redirect(await failTo(auth, 'This server or its upstream no longer exists.'));

    let tokens: UpstreamTokens;
    try {
      const callback = new URLSearchParams();
      for (const [k, v] of Object.entries(request.query)) if (typeof v === 'string') callback.set(k, v);
      tokens = await exchangeUpstreamCode(ctx, { auth, server, upstream, callback, state: state ?? '' });
    } catch (err) {
      const description =
        err instanceof UpstreamSignInError ? err.message : describeFailure(upstream.name, err);
      request.log.info(
        {
          server_id: server.id,
          upstream_id: upstream.id,
          error: err instanceof UpstreamOAuthError ? err.error : (err as Error).name,
        },
        'upstream sign-in failed',
      );
      return reply.redirect(await failTo(auth, description));
    }
    await recordUpstreamConnection(ctx, requesterOf(request), { auth, server, upstream, tokens });

    if (!auth.interaction_id) return reply.redirect(auth.return_to ?? connectedPage(server.id, upstream.id));
    const interaction = await findOpenInteraction(ctx.db, auth.interaction_id);
    if (!interaction)
      return page(
        reply,
        400,
        'invalid_request',
        `You are signed in to ${upstream.name}, but the authorization request of your MCP client expired. Connect again from the client.`,
      );
    return reply.redirect(
      await continueInteraction(ctx, requesterOf(request), interaction, auth.user_id, server),
    );
  });

  app.get('/upstream/connect', { schema: { querystring: ConnectQuery } }, async (request, reply) => {
    const { server: serverId, upstream: upstreamId } = request.query;
    const session = await sessionOf(ctx, request);
    if (!session) {
      // The web app proxies /oauth/* to this service, so the same request is a same-site path there.
      const next = `/oauth/upstream/connect?server=${encodeURIComponent(serverId)}&upstream=${encodeURIComponent(upstreamId)}`;
      return reply.redirect(`${webUrl}/login?next=${encodeURIComponent(next)}`);
    }
    const fail = (code: string, description: string) =>
      reply.redirect(connectedPage(serverId, upstreamId, { code, description }));
    const server: LiveServer | null = /^[0-9a-f-]{36}$/i.test(serverId)
      ? await findLiveServerById(ctx.db, serverId)
      : null;
    if (!server || !(await canUseServer(ctx.db, session.user, server)))
      return fail('not_found', 'This server does not exist or you may not use it.');
    const upstream = upstreamsOf(server).find((u) => u.id === upstreamId);
    if (!upstream) return fail('not_found', `The server "${server.name}" has no upstream "${upstreamId}".`);
    try {
      const to = await beginUpstreamSignIn(ctx, {
        userId: session.user.id,
        server,
        upstream,
        scopes: scopesFor(server, upstream.id),
        interactionId: null,
        returnTo: connectedPage(server.id, upstream.id),
      });
      return reply.redirect(to);
    } catch (err) {
      if (err instanceof UpstreamSignInError) return fail('upstream_unavailable', err.message);
      throw err;
    }
  });
};

export default upstreamRoutes;
