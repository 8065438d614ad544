import { sha256 } from '@bmm/crypto';
import { InvalidRequest, UnauthorizedClient } from '@bmm/oauth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkClientAuth } from '../../checks/check-client-auth.js';
import type { AsContext } from '../../context.js';
import { oauthErrorHandler } from '../../lib/oauth-errors.js';
import { verifyOwnAccessToken } from '../../tokens/lookup.js';
import { findRefreshToken } from '../../tokens/refresh-tokens.repository.js';
import { revokeAccessToken, revokeFamily } from '../../tokens/revocation.js';
import { requireFormBody } from '../form.js';
import { EmptyResponse, FormBodySchema, OAuthErrorSchema } from '../schemas.js';

/**
 * RFC 7009. An access token goes on the denylist runners learn of through NOTIFY; a refresh token
 * takes its whole family (and the family's access tokens) with it. Unknown tokens answer 200 too.
 */
const revokeRoutes: FastifyPluginAsyncTypebox<{ ctx: AsContext }> = async (app, { ctx }) => {
  app.setErrorHandler(oauthErrorHandler());
  app.post(
    '/revoke',
    {
      preValidation: requireFormBody,
      schema: {
        body: FormBodySchema,
        response: { 200: EmptyResponse, '4xx': OAuthErrorSchema, '5xx': OAuthErrorSchema },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const client = await checkClientAuth(ctx, request.headers.authorization, body);
      const token = body.token;
      if (!token) throw new InvalidRequest('token is required.');
      reply.header('cache-control', 'no-store');

      const claims = await verifyOwnAccessToken(ctx, token, { allowExpired: true });
      if (claims) {
        if (claims.client_id !== client.client_id)
          throw new UnauthorizedClient('This token was issued to another client.');
        await revokeAccessToken(ctx.db, claims.jti, claims.exp);
        await ctx.audit.write({
          actor: { type: 'oauth_client', id: client.client_id },
          action: 'oauth.access_token.revoke',
          resource: { type: 'oauth_access_token', id: claims.jti },
          ip: request.ip,
        });
        return reply.code(200).send();
      }
      const refresh = await findRefreshToken(ctx.db, sha256(token));
      if (refresh) {
        if (refresh.client_id !== client.client_id)
          throw new UnauthorizedClient('This token was issued to another client.');
        await revokeFamily(ctx.db, refresh.family_id);
        await ctx.audit.write({
          actor: { type: 'oauth_client', id: client.client_id },
          action: 'oauth.refresh_token.revoke',
          resource: { type: 'oauth_grant', id: refresh.grant_id },
          ip: request.ip,
        });
      }
      return reply.code(200).send();
    },
  );
};

export default revokeRoutes;
