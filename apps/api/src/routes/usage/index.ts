import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteOptions } from '../../deps.js';
import { limitsSchema } from '../../lib/plans.js';
import { errors, object, uuid } from '../../lib/schemas.js';
import { authenticate } from '../../plugins/auth.js';
import { monthUsage } from '../../usage/usage.service.js';

const daySchema = object({
  day: Type.String({ format: 'date' }),
  calls: Type.Integer(),
  errors: Type.Integer(),
});

const usageSchema = {
  summary: 'Tool calls per server per day this month, and the plan limits',
  tags: ['usage'],
  response: {
    200: object({
      month: Type.String(),
      plan: Type.String(),
      limits: limitsSchema,
      totals: object({ calls: Type.Integer(), errors: Type.Integer() }),
      servers: Type.Array(
        object({
          serverId: uuid,
          slug: Type.String(),
          name: Type.String(),
          calls: Type.Integer(),
          errors: Type.Integer(),
          days: Type.Array(daySchema),
        }),
      ),
    }),
    ...errors(403),
  },
};

/** `GET /usage`: tool calls per server per day this month, against the plan's limits. */
const usageRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  app.get('/usage', { schema: usageSchema }, async (request) => monthUsage(deps.db, request.auth.orgId));
};

export default usageRoutes;
