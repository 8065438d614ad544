import { planLimits } from '@bmm/config';
import { randomToken, sha256 } from '@bmm/crypto';
import type { Role } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { conflict, forbidden, HttpProblem, notFound } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import {
  countMembersAndPending,
  findAcceptableInvitation,
  findInvitationPreview,
  insertInvitation,
  isMemberByEmail,
  listPendingInvitations,
  markAccepted,
  revokeInvitation,
  revokePendingFor,
} from '../../invitations/invitations.repository.js';
import { requestAudit } from '../../lib/audit.js';
import {
  dateTime,
  errors,
  idParams,
  iso,
  noContent,
  object,
  problemResponse,
  role,
  uuid,
} from '../../lib/schemas.js';
import { findMembership, insertMembership } from '../../members/members.repository.js';
import { lockOrgPlan } from '../../orgs/orgs.repository.js';
import { authenticate, requirePerson, requireRole } from '../../plugins/auth.js';
import { setActiveOrg } from '../../plugins/auth.repository.js';
import { normalizeEmail } from '../../users/email-address.js';
import { findUser } from '../../users/users.repository.js';

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const invitationSchema = object({
  id: uuid,
  email: { type: 'string' },
  role,
  invitedBy: uuid,
  createdAt: dateTime,
  expiresAt: dateTime,
});

function toInvitation(i: {
  id: string;
  email: string;
  role: string;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
}) {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    invitedBy: i.invited_by,
    createdAt: iso(i.created_at),
    expiresAt: iso(i.expires_at),
  };
}

export default async function invitationRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  await app.register(async (org) => {
    await org.register(authenticate);
    org.addHook('preHandler', requirePerson);
    org.addHook('preHandler', requireRole('admin'));

    org.post(
      '/invitations',
      {
        schema: {
          summary: 'Invite someone by email (returns the accept link once; it lives 7 days)',
          tags: ['invitations'],
          body: object({ email: { type: 'string', minLength: 3, maxLength: 254 }, role }),
          response: {
            201: object({ invitation: invitationSchema, acceptUrl: { type: 'string' } }),
            ...errors(400, 403, 409),
          },
        },
      },
      async (request, reply) => {
        const body = request.body as { email: string; role: Role };
        const email = normalizeEmail(body.email);
        const { orgId, userId } = request.auth;
        if (body.role === 'owner' && request.auth.role !== 'owner') {
          throw forbidden('Only an owner invites another owner.', 'insufficient_role');
        }
        const token = randomToken('bmm_inv_');
        const invitation = await db.transaction().execute(async (trx) => {
          if (await isMemberByEmail(trx, orgId, email))
            throw conflict('already_member', 'This person is already a member.');
          await revokePendingFor(trx, orgId, email);
          const plan = await lockOrgPlan(trx, orgId);
          if ((await countMembersAndPending(trx, orgId)) >= planLimits(plan).members) {
            throw forbidden('Your plan has no room for more members.', 'plan_limit_reached');
          }
          const created = await insertInvitation(trx, {
            orgId,
            email,
            role: body.role,
            tokenHash: sha256(token),
            invitedBy: userId as string,
            expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
          });
          await recordAudit(
            trx,
            requestAudit(request, {
              action: 'invitation.create',
              resourceType: 'invitation',
              resourceId: created.id,
              metadata: { email, role: body.role },
            }),
          );
          return created;
        });
        const acceptUrl = `${config.WEB_URL}/invitations/accept?token=${encodeURIComponent(token)}`;
        return reply.code(201).send({ invitation: toInvitation(invitation), acceptUrl });
      },
    );

    org.get(
      '/invitations',
      {
        schema: {
          summary: 'Pending invitations of the active org',
          tags: ['invitations'],
          response: {
            200: object({ invitations: { type: 'array', items: invitationSchema } }),
            ...errors(403),
          },
        },
      },
      async (request) => ({
        invitations: (await listPendingInvitations(db, request.auth.orgId)).map(toInvitation),
      }),
    );

    org.delete(
      '/invitations/:id',
      {
        schema: {
          summary: 'Revoke a pending invitation',
          tags: ['invitations'],
          params: idParams,
          response: { 204: noContent, ...errors(400, 403, 404) },
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        await db.transaction().execute(async (trx) => {
          const revoked = await revokeInvitation(trx, request.auth.orgId, id);
          if (!revoked) throw notFound('invitation');
          await recordAudit(
            trx,
            requestAudit(request, {
              action: 'invitation.revoke',
              resourceType: 'invitation',
              resourceId: id,
              metadata: { email: revoked.email },
            }),
          );
        });
        return reply.code(204).send();
      },
    );
  });

  // The token is the credential: whoever holds the link may read what it invites to, signed in or not.
  app.post(
    '/invitations/preview',
    {
      schema: {
        summary: 'What an invitation link invites to (org, inviter, role, invited address), before accepting',
        tags: ['invitations'],
        security: [],
        body: object({ token: { type: 'string', minLength: 10, maxLength: 200 } }),
        response: {
          200: object({
            org: object({ name: { type: 'string' } }),
            invitedBy: object({ name: { type: 'string' }, email: { type: 'string' } }),
            role,
            email: { type: 'string' },
            expiresAt: dateTime,
          }),
          400: problemResponse(400),
          404: problemResponse(404),
        },
      },
    },
    async (request) => {
      const { token } = request.body as { token: string };
      const found = await findInvitationPreview(db, sha256(token));
      if (!found)
        throw new HttpProblem(
          404,
          'invitation_not_found',
          'This invitation is unknown, used, revoked or expired.',
        );
      return {
        org: { name: found.orgName },
        invitedBy: { name: found.inviterName, email: found.inviterEmail },
        role: found.role,
        email: found.email,
        expiresAt: iso(found.expires_at),
      };
    },
  );

  await app.register(async (personal) => {
    await personal.register(authenticate, { mode: 'person' });
    personal.post(
      '/invitations/accept',
      {
        schema: {
          summary: 'Accept an invitation addressed to your email; its org becomes active',
          tags: ['invitations'],
          body: object({ token: { type: 'string', minLength: 10, maxLength: 200 } }),
          response: { 200: object({ orgId: uuid, role }), ...errors(400, 403, 404, 409) },
        },
      },
      async (request) => {
        const { token } = request.body as { token: string };
        const userId = request.auth.userId as string;
        const user = await findUser(db, userId);
        const accepted = await db.transaction().execute(async (trx) => {
          const inv = await findAcceptableInvitation(trx, sha256(token));
          if (!inv)
            throw new HttpProblem(
              404,
              'invitation_not_found',
              'This invitation is unknown, used, revoked or expired.',
            );
          // Only a proven address matches an invitation: an unverified account could be anyone's.
          if (!user?.email_verified_at) {
            throw forbidden(
              'Verify your email address first: open the link we sent you, then accept the invitation again.',
              'email_unverified',
            );
          }
          if (inv.email !== user.email) {
            throw forbidden(
              'This invitation is addressed to another email address.',
              'invitation_email_mismatch',
            );
          }
          if (await findMembership(trx, inv.org_id, userId))
            throw conflict('already_member', 'You are already a member.');
          await insertMembership(trx, inv.org_id, userId, inv.role);
          await markAccepted(trx, inv.id);
          await recordAudit(
            trx,
            requestAudit(request, {
              action: 'invitation.accept',
              resourceType: 'invitation',
              resourceId: inv.id,
              orgId: inv.org_id,
              metadata: { role: inv.role },
            }),
          );
          return inv;
        });
        await setActiveOrg(db, request.auth.sessionId as string, accepted.org_id);
        return { orgId: accepted.org_id, role: accepted.role };
      },
    );
  });
}
