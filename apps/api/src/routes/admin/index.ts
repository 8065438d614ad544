import { isPlanId, PLAN_IDS, planLimits } from '@bmm/config';
import { recordAudit } from '@bmm/db';
import { badRequest, notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_OPERATOR } from '../../deps.js';
import { requestAudit } from '../../lib/audit.js';
import { limitsSchema, planId, planList, planSchema } from '../../lib/plans.js';
import { dateTime, errors, idParams, iso, nullableString, object, uuid } from '../../lib/schemas.js';
import { monthStart } from '../../orgs/orgs.repository.js';
import { authenticate } from '../../plugins/auth.js';
import { requireInstanceAdmin } from '../../plugins/instance-admin.js';
import { listOrgsWithUsage, setOrgPlan } from './admin.repository.js';

const adminOrgSchema = object({
  id: uuid,
  name: { type: 'string' },
  plan: { type: 'string' },
  limits: limitsSchema,
  ownerEmail: nullableString,
  createdAt: dateTime,
  usage: object({
    toolCalls: { type: 'integer' },
    servers: { type: 'integer' },
    members: { type: 'integer' },
  }),
});

/**
 * `/admin/*`: the instance admin's view of every org and the plan picker. People only (API keys
 * belong to one org); everyone else gets `403 instance_admin_required`.
 */
export default async function adminRoutes(app: FastifyInstance) {
  await app.register(authenticate, { mode: 'person' });
  app.addHook('preHandler', requireInstanceAdmin(app.deps));
  const { db } = app.deps;
  const operator = app.deps.operator ?? DEFAULT_OPERATOR;

  app.get(
    '/admin/orgs',
    {
      schema: {
        summary: 'Instance admins: every organization with its plan and its usage this month',
        tags: ['admin'],
        querystring: object(
          {
            q: { type: 'string', maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 100 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
          },
          [],
        ),
        response: {
          200: object({
            month: { type: 'string' },
            defaultPlan: planId,
            plans: { type: 'array', items: planSchema },
            total: { type: 'integer' },
            orgs: { type: 'array', items: adminOrgSchema },
          }),
          ...errors(400, 403),
        },
      },
    },
    async (request) => {
      const query = request.query as { q?: string; limit: number; offset: number };
      const start = monthStart();
      const { total, rows } = await listOrgsWithUsage(db, {
        monthStart: start,
        q: query.q?.trim() || undefined,
        limit: query.limit,
        offset: query.offset,
      });
      return {
        month: start.slice(0, 7),
        defaultPlan: operator.defaultPlan,
        plans: planList(),
        total,
        orgs: rows.map((r) => ({
          id: r.id,
          name: r.name,
          plan: r.plan,
          limits: planLimits(r.plan),
          ownerEmail: r.owner_email,
          createdAt: iso(r.created_at),
          usage: { toolCalls: Number(r.calls), servers: Number(r.servers), members: Number(r.members) },
        })),
      };
    },
  );

  app.put(
    '/admin/orgs/:id/plan',
    {
      schema: {
        summary: "Instance admins: move an organization to another plan (audited in that organization's log)",
        tags: ['admin'],
        params: idParams,
        body: object({ plan: { type: 'string', maxLength: 50 } }),
        response: {
          200: object({
            id: uuid,
            plan: planId,
            previousPlan: { type: 'string' },
            changed: { type: 'boolean' },
          }),
          ...errors(400, 403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { plan } = request.body as { plan: string };
      if (!isPlanId(plan)) {
        throw badRequest('unknown_plan', `There is no plan "${plan}". Plans: ${PLAN_IDS.join(', ')}.`, [
          { field: 'body.plan', message: `must be one of ${PLAN_IDS.join(', ')}` },
        ]);
      }
      const result = await db.transaction().execute(async (trx) => {
        const before = await setOrgPlan(trx, id, plan);
        if (!before) throw notFound('org');
        const changed = before.plan !== plan;
        if (changed) {
          await recordAudit(
            trx,
            requestAudit(request, {
              action: 'org.plan_change',
              resourceType: 'org',
              resourceId: id,
              orgId: id,
              metadata: { from: before.plan, to: plan, by: 'instance_admin' },
            }),
          );
        }
        return { previousPlan: before.plan, changed };
      });
      return { id, plan, ...result };
    },
  );
}
