import type { Role } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { conflict, forbidden, notFound } from '@bmm/http';
import { revokeLostAccess } from '@bmm/oauth';
import type { FastifyInstance } from 'fastify';
import { revokeApiKeysCreatedBy } from '../../api-keys/api-keys.repository.js';
import { disconnectUpstreams } from '../../connected-accounts/vault.js';
import { auditOrigin, requestAudit } from '../../lib/audit.js';
import { errors, noContent, object, role, uuid } from '../../lib/schemas.js';
import { memberSchema, toMember } from '../../members/member.js';
import {
  deleteMembership,
  findMembership,
  listMembers,
  lockedOwnerCount,
  updateRole,
} from '../../members/members.repository.js';
import { authenticate, requirePerson, roleAtLeast } from '../../plugins/auth.js';

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
      const { orgId, role: callerRole } = request.auth;
      await db.transaction().execute(async (trx) => {
        const owners = await lockedOwnerCount(trx, orgId);
        const target = await findMembership(trx, orgId, userId);
        if (!target) throw notFound('member');
        if (!roleAtLeast(callerRole, 'admin'))
          throw forbidden('Only admins and owners manage members.', 'insufficient_role');
        if ((target.role === 'owner' || newRole === 'owner') && callerRole !== 'owner') {
          throw forbidden('Only an owner grants or takes the owner role.', 'insufficient_role');
        }
        if (target.role === 'owner' && newRole !== 'owner' && owners <= 1) {
          throw conflict('last_owner', 'An org needs at least one owner; make someone else owner first.');
        }
        if (target.role === newRole) return;
        await updateRole(trx, orgId, userId, newRole);
        // A member may not hold API keys (admin power): the keys they created as admin end with the role.
        const apiKeysRevoked = newRole === 'member' ? await revokeApiKeysCreatedBy(trx, orgId, userId) : [];
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'member.role_change',
            resourceType: 'member',
            resourceId: userId,
            metadata: { from: target.role, to: newRole, apiKeysRevoked },
          }),
        );
      });
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
      const { orgId, role: callerRole } = request.auth;
      const leaving = userId === request.auth.userId;
      await db.transaction().execute(async (trx) => {
        const owners = await lockedOwnerCount(trx, orgId);
        const target = await findMembership(trx, orgId, userId);
        if (!target) throw notFound('member');
        if (!leaving && !roleAtLeast(callerRole, 'admin')) {
          throw forbidden('Only admins and owners remove members.', 'insufficient_role');
        }
        if (!leaving && target.role === 'owner' && callerRole !== 'owner') {
          throw forbidden('Only an owner removes another owner.', 'insufficient_role');
        }
        if (target.role === 'owner' && owners <= 1) {
          throw conflict(
            'last_owner',
            'The last owner cannot leave or be removed; make someone else owner first.',
          );
        }
        await deleteMembership(trx, orgId, userId);
        // Access ends now, not when tokens expire: grants, refresh tokens and live access tokens
        // (denylist + NOTIFY to runners) of servers they can no longer use, and the keys they made.
        const grantsRevoked = await revokeLostAccess(trx, { orgId, userId });
        const apiKeysRevoked = await revokeApiKeysCreatedBy(trx, orgId, userId);
        await recordAudit(
          trx,
          requestAudit(request, {
            action: leaving ? 'member.leave' : 'member.remove',
            resourceType: 'member',
            resourceId: userId,
            metadata: { role: target.role, grantsRevoked: grantsRevoked.length, apiKeysRevoked },
          }),
        );
      });
      // The person no longer uses this org's servers: their upstream grants there are revoked.
      await disconnectUpstreams(app.deps, auditOrigin(request), { userId, orgId }, 'member_removed');
      return reply.code(204).send();
    },
  );
}
