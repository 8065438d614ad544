import { randomToken, safeEqual, sha256 } from '@bmm/crypto';
import type { OAuthClientRow } from '@bmm/db';
import { problemSchema } from '@bmm/http';
import { InvalidToken } from '@bmm/oauth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { findClient, insertClient } from '../../clients/clients.repository.js';
import { deleteClientAndTokens } from '../../clients/delete-client.js';
import { validateClientMetadata } from '../../clients/metadata.js';
import type { AsContext } from '../../context.js';
import { oauthErrorHandler } from '../../lib/oauth-errors.js';
import { errorLabel } from '../../metrics/as-metrics.js';
import { EmptyResponse, OAuthErrorSchema } from '../schemas.js';

const REGISTRATION_BODY_LIMIT = 16 * 1024;

const S = Type.String;
const ClientSchema = Type.Object({
  client_id: Type.Optional(S()),
  client_id_issued_at: Type.Optional(Type.Integer()),
  client_secret: Type.Optional(S()),
  client_secret_expires_at: Type.Optional(Type.Integer()),
  registration_access_token: Type.Optional(S()),
  registration_client_uri: Type.Optional(S()),
  client_name: Type.Optional(S()),
  redirect_uris: Type.Optional(Type.Array(S())),
  grant_types: Type.Optional(Type.Array(S())),
  response_types: Type.Optional(Type.Array(S())),
  token_endpoint_auth_method: Type.Optional(S()),
  logo_uri: Type.Optional(S()),
  client_uri: Type.Optional(S()),
  scope: Type.Optional(S()),
  software_id: Type.Optional(S()),
  software_version: Type.Optional(S()),
});
/** Any JSON object: validateClientMetadata checks every field (RFC 7591 errors, not schema errors). */
const MetadataBody = Type.Unsafe<Record<string, unknown>>({ type: 'object' });
const Params = Type.Object({ client_id: S({ maxLength: 200 }) });
const readSchema = { params: Params, response: { 200: ClientSchema, '4xx': OAuthErrorSchema } };
const deleteSchema = { params: Params, response: { 204: EmptyResponse, '4xx': OAuthErrorSchema } };

function clientResponse(ctx: AsContext, c: OAuthClientRow) {
  const optional = {
    logo_uri: c.logo_uri,
    client_uri: c.client_uri,
    scope: c.scope,
    software_id: c.software_id,
    software_version: c.software_version,
  };
  return {
    client_id: c.client_id,
    client_id_issued_at: Math.floor(c.created_at.getTime() / 1000),
    registration_client_uri: `${ctx.urls.registration}/${encodeURIComponent(c.client_id)}`,
    client_name: c.name,
    redirect_uris: c.redirect_uris,
    grant_types: c.grant_types,
    response_types: ['code'],
    token_endpoint_auth_method: c.token_endpoint_auth_method,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== null)),
  };
}

/** RFC 7592: the registration access token of exactly this client, as a Bearer token. */
async function checkRegistrationAccessToken(
  ctx: AsContext,
  request: FastifyRequest,
  clientId: string,
): Promise<OAuthClientRow> {
  const header = request.headers.authorization ?? '';
  const token = /^bearer /i.test(header) ? header.slice(7).trim() : '';
  if (!token) throw new InvalidToken('Send the registration access token as a Bearer token.');
  const client = await findClient(ctx.db, clientId);
  if (
    !client?.registration_access_token_hash ||
    !safeEqual(sha256(token), client.registration_access_token_hash)
  )
    throw new InvalidToken('The registration access token is not valid for this client.');
  return client;
}

/**
 * RFC 7591 dynamic client registration and RFC 7592 read/delete.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named checks and services.
 */
const registerRoutes: FastifyPluginAsyncTypebox<{ ctx: AsContext }> = async (app, { ctx }) => {
  app.setErrorHandler(oauthErrorHandler('registration'));
  app.addHook('onError', async (request, _reply, error) => {
    if (request.method === 'POST') ctx.metrics.registrationRejected(errorLabel(error));
  });

  app.post(
    '/register',
    {
      bodyLimit: REGISTRATION_BODY_LIMIT,
      config: { rateLimit: { max: ctx.config.registrationsPerMinute ?? 20, timeWindow: '1 minute' } },
      schema: {
        body: MetadataBody,
        response: { 201: ClientSchema, 429: problemSchema, '4xx': OAuthErrorSchema, '5xx': OAuthErrorSchema },
      },
    },
    async (request, reply) => {
      const metadata = validateClientMetadata(request.body);
      const clientId = randomToken('bmm_', 32);
      const secret = metadata.token_endpoint_auth_method === 'none' ? null : randomToken('bmm_cs_');
      const registrationToken = randomToken('bmm_rat_');
      await insertClient(ctx.db, {
        client_id: clientId,
        secret_hash: secret ? sha256(secret) : null,
        name: metadata.client_name,
        logo_uri: metadata.logo_uri,
        client_uri: metadata.client_uri,
        redirect_uris: metadata.redirect_uris,
        grant_types: metadata.grant_types,
        token_endpoint_auth_method: metadata.token_endpoint_auth_method,
        scope: metadata.scope,
        software_id: metadata.software_id,
        software_version: metadata.software_version,
        registration_access_token_hash: sha256(registrationToken),
        is_cimd: false,
        registration_ip: request.ip,
      });
      await ctx.audit.write({
        actor: { type: 'oauth_client', id: clientId },
        action: 'oauth.client.register',
        resource: { type: 'oauth_client', id: clientId },
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        metadata: {
          client_name: metadata.client_name,
          redirect_uris: metadata.redirect_uris,
          auth_method: metadata.token_endpoint_auth_method,
        },
      });
      const client = (await findClient(ctx.db, clientId)) as OAuthClientRow;
      reply.code(201).header('cache-control', 'no-store');
      return {
        ...clientResponse(ctx, client),
        ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
        registration_access_token: registrationToken,
      };
    },
  );

  app.get('/register/:client_id', { schema: readSchema }, async (request, reply) => {
    const client = await checkRegistrationAccessToken(ctx, request, request.params.client_id);
    reply.header('cache-control', 'no-store');
    return clientResponse(ctx, client);
  });

  app.delete('/register/:client_id', { schema: deleteSchema }, async (request, reply) => {
    const client = await checkRegistrationAccessToken(ctx, request, request.params.client_id);
    await deleteClientAndTokens(ctx.db, client.client_id);
    await ctx.audit.write({
      actor: { type: 'oauth_client', id: client.client_id },
      action: 'oauth.client.delete',
      resource: { type: 'oauth_client', id: client.client_id },
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    });
    return reply.code(204).send();
  });
};

export default registerRoutes;
