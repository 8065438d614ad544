import { UnauthorizedClient, UnsupportedGrantType } from '@bmm/oauth';
import type { FastifyInstance } from 'fastify';
import { checkClientAuth } from '../../checks/check-client-auth.js';
import type { AsContext } from '../../context.js';
import { oauthErrorHandler, oauthErrorSchema } from '../../lib/oauth-errors.js';
import { errorLabel } from '../../metrics/as-metrics.js';
import { exchangeAuthorizationCode } from '../../tokens/authorization-code.js';
import { exchangeRefreshToken } from '../../tokens/refresh-token.js';
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

const GRANTS = {
  authorization_code: exchangeAuthorizationCode,
  refresh_token: exchangeRefreshToken,
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
      const body = request.body ?? {};
      const client = await checkClientAuth(ctx, request, body);
      const grantType = body.grant_type;
      if (!grantType) throw new UnsupportedGrantType('grant_type is required.');
      const handler = GRANTS[grantType as keyof typeof GRANTS];
      if (!Object.hasOwn(GRANTS, grantType) || !handler)
        throw new UnsupportedGrantType(
          `grant_type "${grantType.slice(0, 50)}" is not supported: use authorization_code or refresh_token.`,
        );
      if (!client.grant_types.includes(grantType))
        throw new UnauthorizedClient(`This client is not registered for the ${grantType} grant.`);
      const response = await handler(ctx, client, body);
      reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
      return response;
    },
  );
}
