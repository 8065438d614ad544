import { planLimits } from '@bmm/config';
import { randomToken, sha256 } from '@bmm/crypto';
import type { Db, Role } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { conflict, forbidden, HttpProblem, notFound } from '@bmm/http';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { findMembership, insertMembership } from '../members/members.repository.js';
import { lockOrgPlan } from '../orgs/orgs.repository.js';
import { setActiveOrg } from '../plugins/auth.repository.js';
import { findUser } from '../users/users.repository.js';
import {
  countMembersAndPending,
  findAcceptableInvitation,
  insertInvitation,
  isMemberByEmail,
  markAccepted,
  revokeInvitation,
  revokePendingFor,
} from './invitations.repository.js';

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** `404 invitation_not_found`: unknown, used, revoked and expired look the same. */
export const invitationNotFound = () =>
  new HttpProblem(404, 'invitation_not_found', 'This invitation is unknown, used, revoked or expired.');

/**
 * Invites `email` (normalized) to the inviter's org with `role`, replacing a pending invitation to the
 * same address; only an owner invites an owner, and the plan must have room. Answers the invitation
 * and its token (shown once, in the accept link). Audited as `invitation.create`.
 */
export async function createInvitation(
  db: Db,
  origin: AuditOrigin,
  inviter: { orgId: string; userId: string; role: Role },
  invite: { email: string; role: Role },
) {
  const { orgId } = inviter;
  const { email } = invite;
  if (invite.role === 'owner' && inviter.role !== 'owner') {
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
      role: invite.role,
      tokenHash: sha256(token),
      invitedBy: inviter.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    });
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'invitation.create',
        resourceType: 'invitation',
        resourceId: created.id,
        metadata: { email, role: invite.role },
      }),
    );
    return created;
  });
  return { invitation, token };
}

/** Revokes a pending invitation of the org, audited as `invitation.revoke`; else `404`. */
export async function revokeOrgInvitation(db: Db, origin: AuditOrigin, orgId: string, id: string) {
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeInvitation(trx, orgId, id);
    if (!revoked) throw notFound('invitation');
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'invitation.revoke',
        resourceType: 'invitation',
        resourceId: id,
        metadata: { email: revoked.email },
      }),
    );
  });
}

/**
 * Accepts an invitation for the signed-in person: only a verified account whose address the
 * invitation names joins (an unverified account could be anyone's). Audited as `invitation.accept`;
 * the org becomes the session's active one.
 */
export async function acceptInvitation(
  db: Db,
  origin: AuditOrigin,
  session: { userId: string; sessionId: string },
  token: string,
) {
  const { userId } = session;
  const user = await findUser(db, userId);
  const accepted = await db.transaction().execute(async (trx) => {
    const inv = await findAcceptableInvitation(trx, sha256(token));
    if (!inv) throw invitationNotFound();
    if (!user?.email_verified_at) {
      throw forbidden(
        'Verify your email address first: open the link we sent you, then accept the invitation again.',
        'email_unverified',
      );
    }
    if (inv.email !== user.email) {
      throw forbidden('This invitation is addressed to another email address.', 'invitation_email_mismatch');
    }
    if (await findMembership(trx, inv.org_id, userId))
      throw conflict('already_member', 'You are already a member.');
    await insertMembership(trx, inv.org_id, userId, inv.role);
    await markAccepted(trx, inv.id);
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'invitation.accept',
        resourceType: 'invitation',
        resourceId: inv.id,
        orgId: inv.org_id,
        metadata: { role: inv.role },
      }),
    );
    return inv;
  });
  await setActiveOrg(db, session.sessionId, accepted.org_id);
  return accepted;
}
