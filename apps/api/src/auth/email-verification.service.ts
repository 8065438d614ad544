import { type Keyring, randomToken, signTicket, TicketError, verifyTicket } from '@bmm/crypto';
import { consumeTicket, type Db, recordAudit } from '@bmm/db';
import type { Logger } from '@bmm/logger';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import type { Mailer, MailMessage } from '../lib/mailer.js';
import { markEmailVerified } from '../users/users.repository.js';

const PURPOSE = 'email-verification';
/** A verification link lives a day; each one works once. */
export const VERIFICATION_TTL_SECONDS = 24 * 60 * 60;

/** What sending verification links and notices needs. */
export interface VerificationMailDeps {
  keyring: Keyring;
  /** Without one nothing is sent (buildApp always sets one: SMTP, or the log). */
  mailer?: Mailer;
  logger: Logger;
  /** WEB_URL: links open the web's /verify-email and /login pages. */
  webUrl: string;
}

function verificationKey(keyring: Keyring): Buffer {
  return keyring.deriveKey(PURPOSE);
}

/** `${WEB_URL}/verify-email?token=…`: an HMAC ticket naming the user, the address and a one-time id. */
export function verificationLink(deps: VerificationMailDeps, user: { id: string; email: string }): string {
  const ticket = signTicket(
    verificationKey(deps.keyring),
    PURPOSE,
    { sub: user.id, email: user.email, jti: randomToken('ev_') },
    VERIFICATION_TTL_SECONDS,
  );
  return `${deps.webUrl}/verify-email?token=${encodeURIComponent(ticket)}`;
}

/** Mail failures never fail the request that triggered them (the person can ask again); they are logged. */
async function deliver(deps: VerificationMailDeps, message: MailMessage) {
  try {
    await deps.mailer?.send(message);
  } catch (err) {
    deps.logger.error({ err: { message: (err as Error).message } }, 'could not send email');
  }
}

export async function sendVerificationEmail(
  deps: VerificationMailDeps,
  user: { id: string; email: string; name: string },
) {
  const link = verificationLink(deps, user);
  await deliver(deps, {
    to: user.email,
    subject: 'Verify your email address for BuildMyMCPServer',
    link,
    text: [
      `Hello ${user.name},`,
      '',
      'Confirm that this address is yours by opening this link (it works once, for 24 hours):',
      '',
      link,
      '',
      'Servers shared with your email address and invitations to your address open only after this.',
      'If you did not create an account, ignore this message.',
    ].join('\n'),
  });
}

/** Sent instead of a new account when someone signs up with an address that already has one. */
export async function sendSignupAttemptNotice(
  deps: VerificationMailDeps,
  user: { email: string; name: string },
) {
  const login = `${deps.webUrl}/login`;
  await deliver(deps, {
    to: user.email,
    subject: 'Someone tried to sign up with your address',
    link: login,
    text: [
      `Hello ${user.name},`,
      '',
      'Someone just tried to create a BuildMyMCPServer account with your email address. You already have',
      'one, so nothing was created and nothing changed.',
      '',
      `If it was you, sign in instead: ${login}`,
      'If it was not you, you can ignore this message; your account is safe.',
    ].join('\n'),
  });
}

/**
 * Redeems the token of a verification link: valid, unused, and naming the account's current address.
 * Marks the address verified and audits `user.email_verify`; null when the link proves nothing.
 */
export async function verifyEmail(
  db: Db,
  keyring: Keyring,
  token: string,
  origin: AuditOrigin,
): Promise<{ id: string; email: string } | null> {
  let claims: { sub?: unknown; email?: unknown; jti?: unknown; exp: number };
  try {
    claims = verifyTicket(verificationKey(keyring), token, PURPOSE);
  } catch (err) {
    if (err instanceof TicketError) return null;
    throw err;
  }
  const { sub, email, jti } = claims;
  if (typeof sub !== 'string' || typeof email !== 'string' || typeof jti !== 'string') return null;
  return db.transaction().execute(async (trx) => {
    if (!(await consumeTicket(trx, { jti, purpose: PURPOSE, exp: claims.exp }))) return null;
    // The address must still be the account's: a link for an old address proves nothing now.
    const user = await markEmailVerified(trx, sub, email);
    if (!user) return null;
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'user.email_verify',
        resourceType: 'user',
        resourceId: user.id,
        orgId: null,
        actor: { type: 'user', id: user.id },
      }),
    );
    return user;
  });
}
