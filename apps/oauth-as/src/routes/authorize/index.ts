import { randomToken } from '@bmm/crypto';
import type { OAuthClientRow } from '@bmm/db';
import { problemErrorHandler } from '@bmm/http';
import { InvalidRequest, OAuthError } from '@bmm/oauth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  checkClientMayUseCode,
  checkNoDuplicates,
  checkResponseType,
  checkState,
  singleValuedParams,
} from '../../checks/check-authorize-params.js';
import { checkPkceChallenge } from '../../checks/check-pkce.js';
import { redirectUriMatches } from '../../checks/check-redirect-uri.js';
import { checkResource } from '../../checks/check-resource.js';
import { checkScope } from '../../checks/check-scope.js';
import type { AsContext } from '../../context.js';
import { insertInteraction } from '../../interactions/interactions.repository.js';
import { buildRedirect, errorPage } from '../../lib/redirect.js';
import { INTERACTION_TTL_MS } from '../../lifetimes.js';

/** Every parameter a string, or several when repeated (refused later: a parameter must come once). */
const AuthorizeQuery = Type.Unsafe<Record<string, string | string[]>>({
  type: 'object',
  additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
});

/** Which redirect URI we may answer to; until this passes, errors are shown, never redirected. */
function checkRedirectUri(client: OAuthClientRow, requested: string | undefined): string {
  // Always required (OAuth 2.1 clients send it), so the token request can always be checked against it.
  if (requested === undefined) throw new InvalidRequest('redirect_uri is required.');
  if (!redirectUriMatches(client.redirect_uris, requested))
    throw new InvalidRequest('redirect_uri does not match any redirect URI registered for this client.');
  return requested;
}

/** Our own error page: the redirect URI is not trusted yet, so never redirect (RFC 6749 §4.1.2.1). */
function sendErrorPage(reply: FastifyReply, error: string, description: string, webUrl: string) {
  return reply
    .code(400)
    .header('cache-control', 'no-store')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    )
    .type('text/html; charset=utf-8')
    .send(errorPage(error, description, webUrl));
}

/**
 * GET /authorize: validates the request, stores an interaction for 10 minutes and sends the browser
 * to the consent page of the web app.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named checks and services.
 */
const authorizeRoutes: FastifyPluginAsyncTypebox<{ ctx: AsContext }> = async (app, { ctx }) => {
  // A query that fails validation (e.g. text Postgres cannot store) gets the page too, before any lookup.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (!error.validation) return problemErrorHandler(error, request, reply);
    const first = error.validation[0];
    const where = `${first?.instancePath.replace(/^\//, '') || error.validationContext || 'query'}`;
    return sendErrorPage(
      reply,
      'invalid_request',
      `Invalid ${where}: ${first?.message ?? 'malformed'}.`,
      ctx.config.webUrl,
    );
  });
  app.get(
    '/authorize',
    {
      schema: {
        querystring: AuthorizeQuery,
        response: { 400: Type.String() },
      },
    },
    async (request, reply) => {
      const { params, duplicated } = singleValuedParams(request.query);
      reply.header('cache-control', 'no-store');
      const showError = (err: unknown) => {
        if (!(err instanceof OAuthError)) throw err;
        return sendErrorPage(reply, err.error, err.description, ctx.config.webUrl);
      };

      // Until client and redirect URI are trusted, errors are shown on our page (RFC 6749 §4.1.2.1).
      let client: OAuthClientRow;
      let redirectUri: string;
      try {
        if (duplicated === 'client_id' || duplicated === 'redirect_uri') checkNoDuplicates(duplicated);
        if (!params.client_id) throw new InvalidRequest('client_id is required.');
        client = await ctx.clients.resolve(params.client_id, { refresh: true });
        redirectUri = checkRedirectUri(client, params.redirect_uri);
      } catch (err) {
        return showError(err);
      }

      try {
        checkNoDuplicates(duplicated);
        checkState(params);
        checkResponseType(params);
        checkClientMayUseCode(client);
        const codeChallenge = checkPkceChallenge(params);
        const server = await checkResource(ctx.db, ctx.config.runnerUrl, params.resource);
        const scopes = checkScope(params.scope, server);
        const id = randomToken('', 32);
        await insertInteraction(ctx.db, {
          id,
          client_id: client.client_id,
          server_id: server.id,
          redirect_uri: redirectUri,
          state: params.state ?? null,
          code_challenge: codeChallenge,
          resource: params.resource as string,
          scopes,
          expires_at: new Date(Date.now() + INTERACTION_TTL_MS),
        });
        return reply.redirect(
          `${ctx.config.webUrl}/oauth/consent?interaction=${encodeURIComponent(id)}`,
          302,
        );
      } catch (err) {
        if (!(err instanceof OAuthError)) throw err;
        return reply.redirect(
          buildRedirect(redirectUri, {
            error: err.error,
            error_description: err.description,
            state: params.state?.slice(0, 1000),
            iss: ctx.urls.issuer,
          }),
          302,
        );
      }
    },
  );
};

export default authorizeRoutes;
