import { planLimits } from '@bmm/config';
import { notFound } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEFAULT_OPERATOR, type RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { planList } from '../../lib/plans.js';
import { iso } from '../../lib/schemas.js';
import { toMember } from '../../members/member.js';
import { listMembers } from '../../members/members.repository.js';
import { findOrg, monthStart, orgCounts } from '../../orgs/orgs.repository.js';
import { renameActiveOrg, switchActiveOrg } from '../../orgs/orgs.service.js';
import { authenticate, requirePerson, requireRole } from '../../plugins/auth.js';
import { activeOrgSchema, renameOrgSchema, switchOrgSchema } from './orgs.schemas.js';

const toOrg = (org: { id: string; name: string; plan: string; created_at: Date }) => ({
  id: org.id,
  name: org.name,
  plan: org.plan,
  createdAt: iso(org.created_at),
});

/** The active org: what it is and allows, renaming it, and switching the session to another org. */
const orgRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  const { db, keyring } = deps;
  // A self-hosted install changes plans through its operator; elsewhere billing would, and is not built.
  const planChange: 'operator' | 'billing_unavailable' =
    (deps.operator ?? DEFAULT_OPERATOR).defaultPlan === 'self_hosted' ? 'operator' : 'billing_unavailable';

  app.get('/me/org', { schema: activeOrgSchema }, async (request) => {
    const orgId = request.auth.orgId;
    const [org, members, counts] = await Promise.all([
      findOrg(db, orgId),
      listMembers(db, orgId),
      orgCounts(db, orgId),
    ]);
    if (!org) throw notFound('org');
    return {
      org: toOrg(org),
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
      planChange,
    };
  });

  app.patch('/me/org', { preHandler: requireRole('admin'), schema: renameOrgSchema }, async (request) => ({
    org: toOrg(await renameActiveOrg(db, auditOrigin(request), request.auth.orgId, request.body.name)),
  }));

  app.post('/me/org/switch', { preHandler: requirePerson, schema: switchOrgSchema }, async (request) => {
    const { orgId } = request.body;
    const session = { userId: request.auth.userId!, sessionId: request.auth.sessionId! };
    const role = await switchActiveOrg(db, auditOrigin(request), session, orgId);
    return { activeOrgId: orgId, role };
  });
};

export default orgRoutes;
