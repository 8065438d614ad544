import { planLimits } from '@bmm/config';
import type { FastifyInstance } from 'fastify';
import { limitsSchema } from '../../lib/plans.js';
import { errors, object, uuid } from '../../lib/schemas.js';
import { findOrg, monthStart } from '../../orgs/orgs.repository.js';
import { authenticate } from '../../plugins/auth.js';
import { dailyUsage } from './usage.repository.js';

const daySchema = object({
  day: { type: 'string', format: 'date' },
  calls: { type: 'integer' },
  errors: { type: 'integer' },
});

/** `GET /usage`: tool calls per server per day this month, against the plan's limits. */
export default async function usageRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { db } = app.deps;

  app.get(
    '/usage',
    {
      schema: {
        summary: 'Tool calls per server per day this month, and the plan limits',
        tags: ['usage'],
        response: {
          200: object({
            month: { type: 'string' },
            plan: { type: 'string' },
            limits: limitsSchema,
            totals: object({ calls: { type: 'integer' }, errors: { type: 'integer' } }),
            servers: {
              type: 'array',
              items: object({
                serverId: uuid,
                slug: { type: 'string' },
                name: { type: 'string' },
                calls: { type: 'integer' },
                errors: { type: 'integer' },
                days: { type: 'array', items: daySchema },
              }),
            },
          }),
          ...errors(403),
        },
      },
    },
    async (request) => {
      const orgId = request.auth.orgId;
      const start = monthStart();
      const [org, rows] = await Promise.all([findOrg(db, orgId), dailyUsage(db, orgId, start)]);
      const servers = new Map<
        string,
        {
          serverId: string;
          slug: string;
          name: string;
          calls: number;
          errors: number;
          days: { day: string; calls: number; errors: number }[];
        }
      >();
      for (const r of rows) {
        let s = servers.get(r.server_id);
        if (!s) {
          s = { serverId: r.server_id, slug: r.slug, name: r.name, calls: 0, errors: 0, days: [] };
          servers.set(r.server_id, s);
        }
        s.calls += r.calls;
        s.errors += r.errors;
        s.days.push({ day: r.dayText, calls: r.calls, errors: r.errors });
      }
      const list = [...servers.values()];
      const plan = org?.plan ?? 'free';
      return {
        month: start.slice(0, 7),
        plan,
        limits: planLimits(plan),
        totals: {
          calls: list.reduce((n, s) => n + s.calls, 0),
          errors: list.reduce((n, s) => n + s.errors, 0),
        },
        servers: list,
      };
    },
  );
}
