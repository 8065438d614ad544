import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AsContext } from '../../context.js';
import { oauthErrorHandler } from '../../lib/oauth-errors.js';
import { errorLabel } from '../../metrics/as-metrics.js';
import { grantTokens } from '../../tokens/grant.js';
import { requireFormBody } from '../form.js';
import { FormBodySchema, OAuthErrorSchema } from '../schemas.js';

const TokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.String(),
  expires_in: Type.Integer(),
  refresh_token: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
});

const tokenSchema = {
  body: FormBodySchema,
  response: { 200: TokenResponseSchema, '4xx': OAuthErrorSchema, '5xx': OAuthErrorSchema },
};

const tokenRoutes: FastifyPluginAsyncTypebox<{ ctx: AsContext }> = async (app, { ctx }) => {
  app.setErrorHandler(oauthErrorHandler());
  const failures = new WeakMap<object, string>();
  app.post(
    '/token',
    {
      preValidation: requireFormBody,
      schema: tokenSchema,
      onError: async (request, _reply, error) => {
        failures.set(request, errorLabel(error));
      },
      // Counted for every answer, refusals of unparsable bodies included (body then unset).
      onResponse: async (request, reply) => {
        const outcome = reply.statusCode < 400 ? 'issued' : (failures.get(request) ?? 'invalid_request');
        ctx.metrics.grant(request.body?.grant_type, outcome);
      },
    },
    async (request, reply) => {
      const response = await grantTokens(ctx, request.headers.authorization, request.body ?? {});
      reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
      return response;
    },
  );
};

export default tokenRoutes;
