import { hashPassword, randomToken, sha256, verifyPassword } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { recordAudit, SESSION_TTL_MS } from '@bmm/db';
import { badRequest, HttpProblem } from '@bmm/http';
import { promoteIfFirstAccount } from '../admin/admin.repository.js';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { insertMembership } from '../members/members.repository.js';
import { insertOrg } from '../orgs/orgs.repository.js';
import { normalizeEmail } from '../users/email-address.js';
import { findUserByEmail, insertUser, userOrgs } from '../users/users.repository.js';
import { sendSignupAttemptNotice, type VerificationMailDeps } from './email-verification.service.js';
import type { LoginThrottle } from './login-throttle.js';
import { deleteSession, insertSession } from './sessions.repository.js';

// Verified when the email is unknown, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = hashPassword(randomToken('dummy_'));

/** Opens a session for the person (its token goes into the cookie; the database keeps its sha256). */
export async function openSession(db: Db, origin: AuditOrigin, userId: string, orgId: string | null) {
  const token = randomToken('bmm_sess_');
  await insertSession(db, {
    userId,
    tokenHash: sha256(token),
    activeOrgId: orgId,
    ip: origin.ip,
    userAgent: origin.userAgent?.slice(0, 500) ?? null,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
  });
  return token;
}

export interface SignUp {
  email: string;
  password: string;
  name: string;
}

export type SignUpResult =
  | {
      kind: 'created';
      user: { id: string; email: string; name: string };
      org: { id: string; name: string; plan: string; role: 'owner' };
    }
  /** The address has an account: nothing was made, its owner was emailed (the answer must not say so). */
  | { kind: 'taken'; email: string; name: string };

/**
 * Creates the account, its personal org (on `plan`, the person its owner) and audits both; the first
 * account of an install becomes an instance admin. A taken address (checked first, and again by the
 * unique index when two sign-ups race) makes nothing and emails the owner; the password hash is paid
 * on both paths so timing does not tell them apart.
 */
export async function signUp(
  db: Db,
  mail: VerificationMailDeps,
  origin: AuditOrigin,
  plan: string,
  input: SignUp,
): Promise<SignUpResult> {
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (!name)
    throw badRequest('invalid_name', 'Enter your name.', [{ field: 'body.name', message: 'is empty' }]);
  if (input.password.trim().toLowerCase() === email) {
    throw badRequest('weak_password', 'The password must not be your email address.', [
      { field: 'body.password', message: 'must differ from the email' },
    ]);
  }
  const existing = await findUserByEmail(db, email);
  const passwordHash = await hashPassword(input.password);
  if (existing) {
    await sendSignupAttemptNotice(mail, existing);
    return { kind: 'taken', email, name };
  }
  const created = await db
    .transaction()
    .execute(async (trx) => {
      const user = await insertUser(trx, { email, name, passwordHash });
      const firstAccount = await promoteIfFirstAccount(trx, user.id);
      const org = await insertOrg(trx, `${name}'s workspace`, plan);
      await insertMembership(trx, org.id, user.id, 'owner');
      const actor = { type: 'user' as const, id: user.id };
      await recordAudit(
        trx,
        auditEvent(origin, {
          action: 'user.signup',
          resourceType: 'user',
          resourceId: user.id,
          orgId: org.id,
          actor,
          ...(firstAccount && { metadata: { instanceAdmin: true, reason: 'first_account' } }),
        }),
      );
      await recordAudit(
        trx,
        auditEvent(origin, {
          action: 'org.create',
          resourceType: 'org',
          resourceId: org.id,
          orgId: org.id,
          actor,
          metadata: { plan: org.plan },
        }),
      );
      return { kind: 'created' as const, user, org: { ...org, role: 'owner' as const } };
    })
    .catch((err: { code?: string }) => {
      if (err.code === '23505') return null; // a concurrent sign-up with the same address won
      throw err;
    });
  if (created) return created;
  const winner = await findUserByEmail(db, email);
  if (winner) await sendSignupAttemptNotice(mail, winner);
  return { kind: 'taken', email, name };
}

/**
 * Checks email and password (per-email throttle first: `429`; one generic `401` for a wrong email or
 * password, with the same hashing work), opens a session in the person's first org and audits
 * `session.create`. Answers the person and the session token.
 */
export async function logIn(
  db: Db,
  throttle: LoginThrottle,
  origin: AuditOrigin,
  credentials: { email: string; password: string },
) {
  const email = credentials.email.trim().toLowerCase();
  const wait = throttle.hit(email);
  if (wait > 0) {
    throw new HttpProblem(
      429,
      'rate_limited',
      `Too many sign-in attempts for this account; try again in ${wait} seconds.`,
    );
  }
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.password_hash ?? (await DUMMY_HASH), credentials.password);
  if (!user || !ok) throw new HttpProblem(401, 'invalid_credentials', 'Wrong email or password.');
  throttle.reset(email);
  const orgs = await userOrgs(db, user.id);
  const orgId = orgs[0]?.id ?? null;
  const token = await openSession(db, origin, user.id, orgId);
  await recordAudit(
    db,
    auditEvent(origin, {
      action: 'session.create',
      resourceType: 'user',
      resourceId: user.id,
      orgId,
      actor: { type: 'user', id: user.id },
    }),
  );
  return { user: { id: user.id, email: user.email, name: user.name }, token };
}

/** Ends the session with this token, audited as `session.delete` (nothing when it had ended). */
export async function logOut(db: Db, origin: AuditOrigin, token: string): Promise<void> {
  const ended = await deleteSession(db, sha256(token));
  if (!ended) return;
  await recordAudit(
    db,
    auditEvent(origin, {
      action: 'session.delete',
      resourceType: 'user',
      resourceId: ended.user_id,
      orgId: null,
      actor: { type: 'user', id: ended.user_id },
    }),
  );
}
