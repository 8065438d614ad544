import { sha256 } from '@bmm/crypto';
import type { Role } from '@bmm/db';
import type { FastifyInstance } from 'fastify';
import { findInvitationPreview, listPendingInvitations } from '../../invitations/invitations.repository.js';
import {
  acceptInvitation,
  createInvitation,
  invitationNotFound,
  revokeOrgInvitation,
} from '../../invitations/invitations.service.js';
import { auditOrigin } from '../../lib/audit.js';
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
import { authenticate, requirePerson, requireRole } from '../../plugins/auth.js';
import { setActiveOrg } from '../../plugins/auth.repository.js';
import { normalizeEmail } from '../../users/email-address.js';

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
        const inviter = { orgId: request.auth.orgId, userId: request.auth.userId!, role: request.auth.role };
        const { invitation, token } = await createInvitation(db, auditOrigin(request), inviter, {
          email,
          role: body.role,
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
        await revokeOrgInvitation(db, auditOrigin(request), request.auth.orgId, id);
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
      if (!found) throw invitationNotFound();
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
        const accepted = await acceptInvitation(db, auditOrigin(request), request.auth.userId!, token);
        await setActiveOrg(db, request.auth.sessionId as string, accepted.org_id);
        return { orgId: accepted.org_id, role: accepted.role };
      },
    );
  });
}
