import type { Db, Role } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { conflict, forbidden, notFound } from '@bmm/http';
import { revokeLostAccess } from '@bmm/oauth';
import { revokeApiKeysCreatedBy } from '../api-keys/api-keys.repository.js';
import { disconnectUpstreams, type UpstreamVaultDeps } from '../connected-accounts/vault.js';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { roleAtLeast } from '../plugins/auth.js';
import { deleteMembership, findMembership, lockedOwnerCount, updateRole } from './members.repository.js';

/** The person changing the membership, as the member rules see them. */
export interface MemberManager {
  orgId: string;
  userId: string;
  role: Role;
}

/**
 * Changes a member's role: admins manage members, only owners grant or take the owner role, and the
 * last owner stays. A member loses the API keys they created as admin. Audited as `member.role_change`.
 */
export async function changeMemberRole(
  db: Db,
  origin: AuditOrigin,
  by: MemberManager,
  userId: string,
  newRole: Role,
): Promise<void> {
  const { orgId } = by;
  await db.transaction().execute(async (trx) => {
    const owners = await lockedOwnerCount(trx, orgId);
    const target = await findMembership(trx, orgId, userId);
    if (!target) throw notFound('member');
    if (!roleAtLeast(by.role, 'admin'))
      throw forbidden('Only admins and owners manage members.', 'insufficient_role');
    if ((target.role === 'owner' || newRole === 'owner') && by.role !== 'owner') {
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
      auditEvent(origin, {
        action: 'member.role_change',
        resourceType: 'member',
        resourceId: userId,
        metadata: { from: target.role, to: newRole, apiKeysRevoked },
      }),
    );
  });
}

/**
 * Removes a member, or lets a person leave (their own user id). Access ends now, not when tokens
 * expire: grants, refresh tokens and live access tokens of servers they can no longer use, the API
 * keys they made, and their upstream grants in this org.
 */
export async function removeMember(
  deps: UpstreamVaultDeps,
  origin: AuditOrigin,
  by: MemberManager,
  userId: string,
): Promise<void> {
  const { orgId } = by;
  const leaving = userId === by.userId;
  await deps.db.transaction().execute(async (trx) => {
    const owners = await lockedOwnerCount(trx, orgId);
    const target = await findMembership(trx, orgId, userId);
    if (!target) throw notFound('member');
    if (!leaving && !roleAtLeast(by.role, 'admin')) {
      throw forbidden('Only admins and owners remove members.', 'insufficient_role');
    }
    if (!leaving && target.role === 'owner' && by.role !== 'owner') {
      throw forbidden('Only an owner removes another owner.', 'insufficient_role');
    }
    if (target.role === 'owner' && owners <= 1) {
      throw conflict(
        'last_owner',
        'The last owner cannot leave or be removed; make someone else owner first.',
      );
    }
    await deleteMembership(trx, orgId, userId);
    // Denylist + NOTIFY to runners for the live access tokens.
    const grantsRevoked = await revokeLostAccess(trx, { orgId, userId });
    const apiKeysRevoked = await revokeApiKeysCreatedBy(trx, orgId, userId);
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: leaving ? 'member.leave' : 'member.remove',
        resourceType: 'member',
        resourceId: userId,
        metadata: { role: target.role, grantsRevoked: grantsRevoked.length, apiKeysRevoked },
      }),
    );
  });
  // The person no longer uses this org's servers: their upstream grants there are revoked.
  await disconnectUpstreams(deps, origin, { userId, orgId }, 'member_removed');
}
