import { planLimits } from '@bmm/config';
import { notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_OPERATOR } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { limitsSchema, planList, planSchema } from '../../lib/plans.js';
import { dateTime, errors, iso, object, role, uuid } from '../../lib/schemas.js';
import { memberSchema, toMember } from '../../members/member.js';
import { listMembers } from '../../members/members.repository.js';
import { findOrg, monthStart, orgCounts } from '../../orgs/orgs.repository.js';
import { renameActiveOrg, switchActiveOrg } from '../../orgs/orgs.service.js';
import { authenticate, requirePerson, requireRole } from '../../plugins/auth.js';

const orgSchema = object({
  id: uuid,
  name: { type: 'string' },
  plan: { type: 'string' },
  createdAt: dateTime,
});

export default async function orgRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { db, keyring } = app.deps;

  app.get(
    '/me/org',
    {
      schema: {
        summary: 'The active org: plan, usage against limits, members, encryption status',
        tags: ['orgs'],
        response: {
          200: object({
            org: orgSchema,
            role,
            limits: limitsSchema,
            usage: object({
              month: { type: 'string' },
              toolCalls: { type: 'integer' },
              servers: { type: 'integer' },
              members: { type: 'integer' },
            }),
            members: { type: 'array', items: memberSchema },
            encryption: object({
              masterKey: { type: 'boolean' },
              keyVersion: { type: 'integer' },
              encryptedSecrets: { type: 'integer' },
            }),
            plans: { type: 'array', items: planSchema },
            /**
             * How the org changes plan: `operator` on a self-hosted install (an instance admin sets
             * it), `billing_unavailable` where billing is meant but not built yet.
             */
            planChange: { type: 'string', enum: ['operator', 'billing_unavailable'] },
          }),
          ...errors(403, 404),
        },
      },
    },
    async (request) => {
      const orgId = request.auth.orgId;
      const [org, members, counts] = await Promise.all([
        findOrg(db, orgId),
        listMembers(db, orgId),
        orgCounts(db, orgId),
      ]);
      if (!org) throw notFound('org');
      return {
        org: { id: org.id, name: org.name, plan: org.plan, createdAt: iso(org.created_at) },
        role: request.auth.role,
        limits: planLimits(org.plan),
        usage: {
          month: monthStart().slice(0, 7),
          toolCalls: counts.toolCalls,
          servers: counts.servers,
          members: members.length,
        },
        members: members.map(toMember),
        encryption: {
          masterKey: true,
          keyVersion: keyring.currentVersion,
          encryptedSecrets: counts.encryptedSecrets,
        },
        plans: planList(),
        planChange:
          (app.deps.operator ?? DEFAULT_OPERATOR).defaultPlan === 'self_hosted'
            ? ('operator' as const)
            : ('billing_unavailable' as const),
      };
    },
  );

  app.patch(
    '/me/org',
    {
      preHandler: requireRole('admin'),
      schema: {
        summary: 'Rename the active org',
        tags: ['orgs'],
        body: object({ name: { type: 'string', minLength: 1, maxLength: 100 } }),
        response: { 200: object({ org: orgSchema }), ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { name } = request.body as { name: string };
      const org = await renameActiveOrg(db, auditOrigin(request), request.auth.orgId, name);
      return { org: { id: org.id, name: org.name, plan: org.plan, createdAt: iso(org.created_at) } };
    },
  );

  app.post(
    '/me/org/switch',
    {
      preHandler: requirePerson,
      schema: {
        summary: 'Make another org of yours the active one for this session',
        tags: ['orgs'],
        body: object({ orgId: uuid }),
        response: { 200: object({ activeOrgId: uuid, role }), ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { orgId } = request.body as { orgId: string };
      const session = { userId: request.auth.userId!, sessionId: request.auth.sessionId! };
      const role = await switchActiveOrg(db, auditOrigin(request), session, orgId);
      return { activeOrgId: orgId, role };
    },
  );
}
