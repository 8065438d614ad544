import { notFound } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { toMember } from '../../members/member.js';
import { listMembers } from '../../members/members.repository.js';
import { changeMemberRole, type MemberManager, removeMember } from '../../members/members.service.js';
import { authenticate, requirePerson } from '../../plugins/auth.js';
import { changeRoleSchema, listMembersSchema, removeMemberSchema } from './members.schemas.js';

const manager = (request: FastifyRequest): MemberManager => ({
  orgId: request.auth.orgId,
  userId: request.auth.userId!,
  role: request.auth.role,
});

/** The active org's members: listing them, changing roles, removing them (or leaving). */
const memberRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  await app.register(authenticate, { deps });
  const { db } = deps;

  app.get('/members', { schema: listMembersSchema }, async (request) => ({
    members: (await listMembers(db, request.auth.orgId)).map(toMember),
  }));

  app.patch('/members/:userId', { preHandler: requirePerson, schema: changeRoleSchema }, async (request) => {
    const { userId } = request.params;
    await changeMemberRole(db, auditOrigin(request), manager(request), userId, request.body.role);
    const member = (await listMembers(db, request.auth.orgId)).find((m) => m.userId === userId);
    if (!member) throw notFound('member');
    return { member: toMember(member) };
  });

  app.delete(
    '/members/:userId',
    { preHandler: requirePerson, schema: removeMemberSchema },
    async (request, reply) => {
      await removeMember(deps, auditOrigin(request), manager(request), request.params.userId);
      return reply.code(204).send();
    },
  );
};

export default memberRoutes;
