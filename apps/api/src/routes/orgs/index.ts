import { planLimits } from '@bmm/config';
import { recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_OPERATOR } from '../../deps.js';
import { requestAudit } from '../../lib/audit.js';
import { limitsSchema, planList, planSchema } from '../../lib/plans.js';
import { dateTime, errors, iso, object, role, uuid } from '../../lib/schemas.js';
import { memberSchema, toMember } from '../../members/member.js';
import { findMembership, listMembers } from '../../members/members.repository.js';
import { findOrg, monthStart, orgCounts, renameOrg } from '../../orgs/orgs.repository.js';
import { authenticate, requirePerson, requireRole } from '../../plugins/auth.js';
import { setActiveOrg } from '../../plugins/auth.repository.js';

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
      const orgId = request.auth.orgId;
      await db.transaction().execute(async (trx) => {
        await renameOrg(trx, orgId, name.trim());
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'org.update',
            resourceType: 'org',
            resourceId: orgId,
            metadata: { name: name.trim() },
          }),
        );
      });
      const org = await findOrg(db, orgId);
      if (!org) throw notFound('org');
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
      const membership = await findMembership(db, orgId, request.auth.userId as string);
      if (!membership) throw notFound('org');
      await setActiveOrg(db, request.auth.sessionId as string, orgId);
      await recordAudit(
        db,
        requestAudit(request, {
          action: 'session.switch_org',
          resourceType: 'org',
          resourceId: orgId,
          orgId,
        }),
      );
      return { activeOrgId: orgId, role: membership.role };
    },
  );
}
