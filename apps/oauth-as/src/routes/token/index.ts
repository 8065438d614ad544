import type { FastifyInstance } from 'fastify';
import type { AsContext } from '../../context.js';
import { oauthErrorHandler, oauthErrorSchema } from '../../lib/oauth-errors.js';
import { errorLabel } from '../../metrics/as-metrics.js';
import { grantTokens } from '../../tokens/grant.js';
import { formBodySchema, requireFormBody } from '../form.js';

const tokenResponseSchema = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in'],
  properties: {
    access_token: { type: 'string' },
    token_type: { type: 'string' },
    expires_in: { type: 'integer' },
    refresh_token: { type: 'string' },
    scope: { type: 'string' },
  },
} as const;

export default async function tokenRoutes(app: FastifyInstance, { ctx }: { ctx: AsContext }) {
  app.setErrorHandler(oauthErrorHandler());
  const failures = new WeakMap<object, string>();
  app.addHook('onError', async (request, _reply, error) => {
    failures.set(request, errorLabel(error));
  });
  app.addHook('onResponse', async (request, reply) => {
    const grantType = (request.body as Record<string, unknown> | undefined)?.grant_type;
    const outcome = reply.statusCode < 400 ? 'issued' : (failures.get(request) ?? 'invalid_request');
    ctx.metrics.grant(typeof grantType === 'string' ? grantType : undefined, outcome);
  });
  app.post<{ Body: Record<string, string | undefined> }>(
    '/token',
    {
      preValidation: requireFormBody,
      schema: {
        body: formBodySchema,
        response: { 200: tokenResponseSchema, '4xx': oauthErrorSchema, '5xx': oauthErrorSchema },
      },
    },
    async (request, reply) => {
      const response = await grantTokens(ctx, request.headers.authorization, request.body ?? {});
      reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
      return response;
    },
  );
}
