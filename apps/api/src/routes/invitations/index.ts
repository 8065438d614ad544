import { sha256 } from '@bmm/crypto';
import type { Role } from '@bmm/db';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../../deps.js';
import { findInvitationPreview, listPendingInvitations } from '../../invitations/invitations.repository.js';
import {
  acceptInvitation,
  createInvitation,
  invitationNotFound,
  revokeOrgInvitation,
} from '../../invitations/invitations.service.js';
import { auditOrigin } from '../../lib/audit.js';
import { iso } from '../../lib/schemas.js';
import { authenticate, requirePerson, requireRole } from '../../plugins/auth.js';
import { normalizeEmail } from '../../users/email-address.js';
import {
  acceptInvitationSchema,
  createInvitationSchema,
  listInvitationsSchema,
  previewInvitationSchema,
  revokeInvitationSchema,
} from './invitations.schemas.js';

function toInvitation(i: {
  id: string;
  email: string;
  role: Role;
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

/** Invitations: admins invite by email; anyone with the link previews it; the invited person accepts. */
const invitationRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db, config } = deps;

  await app.register(async (scoped) => {
    const org = scoped.withTypeProvider<TypeBoxTypeProvider>();
    await org.register(authenticate, { deps });
    org.addHook('preHandler', requirePerson);
    org.addHook('preHandler', requireRole('admin'));

    org.post('/invitations', { schema: createInvitationSchema }, async (request, reply) => {
      const email = normalizeEmail(request.body.email);
      const inviter = { orgId: request.auth.orgId, userId: request.auth.userId!, role: request.auth.role };
      const { invitation, token } = await createInvitation(db, auditOrigin(request), inviter, {
        email,
        role: request.body.role,
      });
      const acceptUrl = `${config.WEB_URL}/invitations/accept?token=${encodeURIComponent(token)}`;
      return reply.code(201).send({ invitation: toInvitation(invitation), acceptUrl });
    });

    org.get('/invitations', { schema: listInvitationsSchema }, async (request) => ({
      invitations: (await listPendingInvitations(db, request.auth.orgId)).map(toInvitation),
    }));

    org.delete('/invitations/:id', { schema: revokeInvitationSchema }, async (request, reply) => {
      await revokeOrgInvitation(db, auditOrigin(request), request.auth.orgId, request.params.id);
      return reply.code(204).send();
    });
  });

  // The token is the credential: whoever holds the link may read what it invites to, signed in or not.
  app.post('/invitations/preview', { schema: previewInvitationSchema }, async (request) => {
    const found = await findInvitationPreview(db, sha256(request.body.token));
    if (!found) throw invitationNotFound();
    return {
      org: { name: found.orgName },
      invitedBy: { name: found.inviterName, email: found.inviterEmail },
      role: found.role,
      email: found.email,
      expiresAt: iso(found.expires_at),
    };
  });

  await app.register(async (scoped) => {
    const personal = scoped.withTypeProvider<TypeBoxTypeProvider>();
    await personal.register(authenticate, { mode: 'person', deps });
    personal.post('/invitations/accept', { schema: acceptInvitationSchema }, async (request) => {
      const session = { userId: request.auth.userId!, sessionId: request.auth.sessionId! };
      const accepted = await acceptInvitation(db, auditOrigin(request), session, request.body.token);
      return { orgId: accepted.org_id, role: accepted.role };
    });
  });
};

export default invitationRoutes;
