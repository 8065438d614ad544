import type { Role } from '@bmm/db';
import { notFound } from '@bmm/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditOrigin } from '../../lib/audit.js';
import { errors, noContent, object, role, uuid } from '../../lib/schemas.js';
import { memberSchema, toMember } from '../../members/member.js';
import { listMembers } from '../../members/members.repository.js';
import { changeMemberRole, type MemberManager, removeMember } from '../../members/members.service.js';
import { authenticate, requirePerson } from '../../plugins/auth.js';

const manager = (request: FastifyRequest): MemberManager => ({
  orgId: request.auth.orgId,
  userId: request.auth.userId!,
  role: request.auth.role,
});

const userParams = object({ userId: uuid });

export default async function memberRoutes(app: FastifyInstance) {
  await app.register(authenticate);
  const { db } = app.deps;

  app.get(
    '/members',
    {
      schema: {
        summary: 'Members of the active org',
        tags: ['members'],
        response: { 200: object({ members: { type: 'array', items: memberSchema } }), ...errors(403) },
      },
    },
    async (request) => ({ members: (await listMembers(db, request.auth.orgId)).map(toMember) }),
  );

  app.patch(
    '/members/:userId',
    {
      preHandler: requirePerson,
      schema: {
        summary: "Change a member's role (admins manage members; only owners grant or take ownership)",
        tags: ['members'],
        params: userParams,
        body: object({ role }),
        response: { 200: object({ member: memberSchema }), ...errors(400, 403, 404, 409) },
      },
    },
    async (request) => {
      const { userId } = request.params as { userId: string };
      const { role: newRole } = request.body as { role: Role };
      const { orgId } = request.auth;
      await changeMemberRole(db, auditOrigin(request), manager(request), userId, newRole);
      const member = (await listMembers(db, orgId)).find((m) => m.userId === userId);
      if (!member) throw notFound('member');
      return { member: toMember(member) };
    },
  );

  app.delete(
    '/members/:userId',
    {
      preHandler: requirePerson,
      schema: {
        summary: 'Remove a member, or leave the org (your own user id)',
        tags: ['members'],
        params: userParams,
        response: { 204: noContent, ...errors(400, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { userId } = request.params as { userId: string };
      await removeMember(app.deps, auditOrigin(request), manager(request), userId);
      return reply.code(204).send();
    },
  );
}
