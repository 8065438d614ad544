import { sha256 } from '@bmm/crypto';
import { formatScope, InvalidClient, InvalidRequest } from '@bmm/oauth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { checkClientAuth } from '../../checks/check-client-auth.js';
import type { AsContext } from '../../context.js';
import { isGrantLive } from '../../grants/grants.repository.js';
import { oauthErrorHandler } from '../../lib/oauth-errors.js';
import { grantOfAccessToken, isDenylisted } from '../../tokens/access-tokens.repository.js';
import { verifyOwnAccessToken } from '../../tokens/lookup.js';
import { findRefreshToken } from '../../tokens/refresh-tokens.repository.js';
import { requireFormBody } from '../form.js';
import { FormBodySchema, OAuthErrorSchema } from '../schemas.js';

const IntrospectionSchema = Type.Object({
  active: Type.Boolean(),
  scope: Type.Optional(Type.String()),
  client_id: Type.Optional(Type.String()),
  sub: Type.Optional(Type.String()),
  aud: Type.Optional(Type.String()),
  iss: Type.Optional(Type.String()),
  exp: Type.Optional(Type.Integer()),
  iat: Type.Optional(Type.Integer()),
  jti: Type.Optional(Type.String()),
  token_type: Type.Optional(Type.String()),
});

async function grantIsLive(ctx: AsContext, grantId: string | undefined): Promise<boolean> {
  return grantId !== undefined && (await isGrantLive(ctx.db, grantId));
}

/** RFC 7662 for confidential clients; a client learns only about its own tokens. */
const introspectRoutes: FastifyPluginAsyncTypebox<{ ctx: AsContext }> = async (app, { ctx }) => {
  app.setErrorHandler(oauthErrorHandler());
  app.post(
    '/introspect',
    {
      preValidation: requireFormBody,
      schema: {
        body: FormBodySchema,
        response: { 200: IntrospectionSchema, '4xx': OAuthErrorSchema, '5xx': OAuthErrorSchema },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const client = await checkClientAuth(ctx, request.headers.authorization, body);
      if (client.token_endpoint_auth_method === 'none')
        throw new InvalidClient(
          'Introspection requires a confidential client (client_secret_basic or client_secret_post).',
        );
      if (!body.token) throw new InvalidRequest('token is required.');
      reply.header('cache-control', 'no-store');
      const inactive = { active: false };

      const claims = await verifyOwnAccessToken(ctx, body.token, { allowExpired: false });
      if (claims) {
        if (claims.client_id !== client.client_id || (await isDenylisted(ctx.db, claims.jti)))
          return inactive;
        if (!(await grantIsLive(ctx, await grantOfAccessToken(ctx.db, claims.jti)))) return inactive;
        return { active: true, ...claims, token_type: 'Bearer' };
      }
      const refresh = await findRefreshToken(ctx.db, sha256(body.token));
      if (
        !refresh ||
        refresh.client_id !== client.client_id ||
        refresh.revoked_at ||
        refresh.rotated_at ||
        refresh.expires_at.getTime() <= Date.now() ||
        !(await grantIsLive(ctx, refresh.grant_id))
      )
        return inactive;
      return {
        active: true,
        scope: formatScope(refresh.scopes),
        client_id: refresh.client_id,
        sub: refresh.user_id,
        aud: refresh.resource,
        iss: ctx.urls.issuer,
        exp: Math.floor(refresh.expires_at.getTime() / 1000),
        iat: Math.floor(refresh.created_at.getTime() / 1000),
        token_type: 'refresh_token',
      };
    },
  );
};

export default introspectRoutes;
