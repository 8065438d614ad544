import { randomToken, signTicket, TicketError, verifyTicket } from '@bmm/crypto';
import { consumeTicket, type Database, recordAudit } from '@bmm/db';
import { conflict, HttpProblem } from '@bmm/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { DEFAULT_RATE_LIMITS } from '../../deps.js';
import { requestAudit } from '../../lib/audit.js';
import { errors, object, problemResponse } from '../../lib/schemas.js';
import { authenticate } from '../../plugins/auth.js';
import { LoginThrottle } from './login-throttle.js';
import { findUser } from './users.repository.js';

const PURPOSE = 'email-verification';
/** A verification link lives a day; each one works once. */
export const VERIFICATION_TTL_SECONDS = 24 * 60 * 60;

export const deliverySchema = { type: 'string', enum: ['email', 'server_log'] } as const;

function verificationKey(app: FastifyInstance): Buffer {
  return app.deps.keyring.deriveKey(PURPOSE);
}

/** `${WEB_URL}/verify-email?token=…`: an HMAC ticket naming the user, the address and a one-time id. */
export function verificationLink(app: FastifyInstance, user: { id: string; email: string }): string {
  const ticket = signTicket(
    verificationKey(app),
    PURPOSE,
    { sub: user.id, email: user.email, jti: randomToken('ev_') },
    VERIFICATION_TTL_SECONDS,
  );
  return `${app.deps.config.WEB_URL}/verify-email?token=${encodeURIComponent(ticket)}`;
}

/** Mail failures never fail the request that triggered them (the person can ask again); they are logged. */
async function deliver(
  app: FastifyInstance,
  message: Parameters<NonNullable<typeof app.deps.mailer>['send']>[0],
) {
  try {
    await app.deps.mailer?.send(message);
  } catch (err) {
    app.log.error({ err: { message: (err as Error).message } }, 'could not send email');
  }
}

export async function sendVerificationEmail(
  app: FastifyInstance,
  user: { id: string; email: string; name: string },
) {
  const link = verificationLink(app, user);
  await deliver(app, {
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
export async function sendSignupAttemptNotice(app: FastifyInstance, user: { email: string; name: string }) {
  const login = `${app.deps.config.WEB_URL}/login`;
  await deliver(app, {
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

async function markVerified(db: Kysely<Database>, userId: string, email: string) {
  return db
    .updateTable('users')
    .set({ email_verified_at: sql<Date>`coalesce(email_verified_at, now())` })
    .where('id', '=', userId)
    .where('email', '=', email)
    .returning(['id', 'email'])
    .executeTakeFirst();
}

const invalidLink = () =>
  new HttpProblem(
    400,
    'verification_link_invalid',
    'This verification link is invalid, expired or already used. Sign in and ask for a new one.',
  );

/** `POST /v1/auth/verify-email` (the web's /verify-email page calls it) and `…/resend`. */
export default async function emailVerificationRoutes(app: FastifyInstance) {
  const limits = { ...DEFAULT_RATE_LIMITS, ...app.deps.rateLimits };
  const resends = new LoginThrottle(limits.verificationResendPerUser, limits.windowMs);

  app.post(
    '/auth/verify-email',
    {
      config: {
        rateLimit: {
          max: limits.authPerIp,
          timeWindow: limits.windowMs,
          errorResponseBuilder: (_req: unknown, ctx: { after: string }) =>
            new HttpProblem(429, 'rate_limited', `Too many attempts; try again in ${ctx.after}.`),
        },
      },
      schema: {
        summary: 'Verify an email address with the token of a verification link (works once, 24 h)',
        tags: ['auth'],
        security: [],
        body: object({ token: { type: 'string', minLength: 20, maxLength: 2000 } }),
        response: {
          200: object({ email: { type: 'string' }, verified: { type: 'boolean', const: true } }),
          400: problemResponse(400),
          429: problemResponse(429),
        },
      },
    },
    async (request: FastifyRequest) => {
      const { token } = request.body as { token: string };
      let claims: { sub?: unknown; email?: unknown; jti?: unknown; exp: number };
      try {
        claims = verifyTicket(verificationKey(app), token, PURPOSE);
      } catch (err) {
        if (err instanceof TicketError) throw invalidLink();
        throw err;
      }
      const { sub, email, jti } = claims;
      if (typeof sub !== 'string' || typeof email !== 'string' || typeof jti !== 'string')
        throw invalidLink();
      const verified = await app.deps.db.transaction().execute(async (trx) => {
        if (!(await consumeTicket(trx, { jti, purpose: PURPOSE, exp: claims.exp }))) return null;
        // The address must still be the account's: a link for an old address proves nothing now.
        const user = await markVerified(trx, sub, email);
        if (!user) return null;
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'user.email_verify',
            resourceType: 'user',
            resourceId: user.id,
            orgId: null,
            actor: { type: 'user', id: user.id },
          }),
        );
        return user;
      });
      if (!verified) throw invalidLink();
      return { email: verified.email, verified: true as const };
    },
  );

  await app.register(async (personal) => {
    await personal.register(authenticate, { mode: 'person' });
    personal.post(
      '/auth/verify-email/resend',
      {
        schema: {
          summary: 'Send the signed-in person a new verification link (a few per 15 minutes)',
          tags: ['auth'],
          response: {
            202: object({ sentTo: { type: 'string' }, delivery: deliverySchema }),
            ...errors(403, 409, 429),
          },
        },
      },
      async (request, reply) => {
        const userId = request.auth.userId as string;
        const user = await findUser(app.deps.db, userId);
        if (!user) throw new HttpProblem(401, 'session_expired', 'Your session has ended; sign in again.');
        if (user.email_verified_at)
          throw conflict('already_verified', 'Your email address is already verified.');
        const wait = resends.hit(userId);
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          throw new HttpProblem(
            429,
            'rate_limited',
            `Too many verification emails; try again in ${wait} seconds.`,
          );
        }
        await sendVerificationEmail(app, user);
        return reply
          .code(202)
          .send({ sentTo: user.email, delivery: app.deps.mailer?.delivery ?? 'server_log' });
      },
    );
  });
}
