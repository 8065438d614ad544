import type { Database, Db, Role } from '@bmm/db';
import { type Kysely, sql } from 'kysely';

const pending = ['id', 'email', 'role', 'invited_by', 'created_at', 'expires_at'] as const;

export function listPendingInvitations(db: Db, orgId: string) {
  return db
    .selectFrom('invitations')
    .select(pending)
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokePendingFor(trx: Kysely<Database>, orgId: string, email: string) {
  await trx
    .updateTable('invitations')
    .set({ revoked_at: sql<Date>`now()` })
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export function insertInvitation(
  trx: Kysely<Database>,
  inv: { orgId: string; email: string; role: Role; tokenHash: string; invitedBy: string; expiresAt: Date },
) {
  return trx
    .insertInto('invitations')
    .values({
      org_id: inv.orgId,
      email: inv.email,
      role: inv.role,
      token_hash: inv.tokenHash,
      invited_by: inv.invitedBy,
      expires_at: inv.expiresAt,
    })
    .returning(pending)
    .executeTakeFirstOrThrow();
}

export async function revokeInvitation(trx: Kysely<Database>, orgId: string, id: string) {
  const row = await trx
    .updateTable('invitations')
    .set({ revoked_at: sql<Date>`now()` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returning(['id', 'email'])
    .executeTakeFirst();
  return row ?? null;
}

/** A pending, unexpired invitation by token hash, locked for acceptance. */
export function findAcceptableInvitation(trx: Kysely<Database>, tokenHash: string) {
  return trx
    .selectFrom('invitations')
    .select(['id', 'org_id', 'email', 'role'])
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
}

export async function markAccepted(trx: Kysely<Database>, id: string) {
  await trx.updateTable('invitations').set({ accepted_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function countMembersAndPending(db: Kysely<Database>, orgId: string): Promise<number> {
  const members = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(members.n) + (await listPendingInvitations(db as Db, orgId)).length;
}

/** A member who proved they own `email` (an unverified account never matches an address). */
export function isMemberByEmail(db: Kysely<Database>, orgId: string, email: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.org_id', '=', orgId)
    .where('users.email', '=', email)
    .where('users.email_verified_at', 'is not', null)
    .executeTakeFirst();
}

/** What the accept page shows about a pending, unexpired invitation: org, inviter, role, address. */
export function findInvitationPreview(db: Db, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('orgs', 'orgs.id', 'invitations.org_id')
    .innerJoin('users', 'users.id', 'invitations.invited_by')
    .select([
      'invitations.email',
      'invitations.role',
      'invitations.expires_at',
      'orgs.name as orgName',
      'users.name as inviterName',
      'users.email as inviterEmail',
    ])
    .where('invitations.token_hash', '=', tokenHash)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}
