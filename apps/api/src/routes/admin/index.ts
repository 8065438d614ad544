import { isPlanId, PLAN_IDS, planLimits } from '@bmm/config';
import { badRequest } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listOrgsWithUsage } from '../../admin/admin.repository.js';
import { changeOrgPlan } from '../../admin/admin.service.js';
import { DEFAULT_OPERATOR, type RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { planList } from '../../lib/plans.js';
import { iso } from '../../lib/schemas.js';
import { monthStart } from '../../orgs/orgs.repository.js';
import { authenticate } from '../../plugins/auth.js';
import { requireInstanceAdmin } from '../../plugins/instance-admin.js';
import { DEFAULT_ORGS_LIMIT, DEFAULT_ORGS_OFFSET, listOrgsSchema, setPlanSchema } from './admin.schemas.js';

/**
 * `/admin/*`: the instance admin's view of every org and the plan picker. People only (API keys
 * belong to one org); everyone else gets `403 instance_admin_required`.
 */
const adminRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps, mode: 'person' });
  app.addHook('preHandler', requireInstanceAdmin(deps));
  const { db } = deps;
  const operator = deps.operator ?? DEFAULT_OPERATOR;

  app.get('/admin/orgs', { schema: listOrgsSchema }, async (request) => {
    const { q, limit = DEFAULT_ORGS_LIMIT, offset = DEFAULT_ORGS_OFFSET } = request.query;
    const start = monthStart();
    const { total, rows } = await listOrgsWithUsage(db, {
      monthStart: start,
      q: q?.trim() || undefined,
      limit,
      offset,
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
  });

  app.put('/admin/orgs/:id/plan', { schema: setPlanSchema }, async (request) => {
    const { id } = request.params;
    const { plan } = request.body;
    if (!isPlanId(plan)) {
      throw badRequest('unknown_plan', `There is no plan "${plan}". Plans: ${PLAN_IDS.join(', ')}.`, [
        { field: 'body.plan', message: `must be one of ${PLAN_IDS.join(', ')}` },
      ]);
    }
    return { id, plan, ...(await changeOrgPlan(db, auditOrigin(request), id, plan)) };
  });
};

export default adminRoutes;
