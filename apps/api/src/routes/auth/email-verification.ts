import { conflict, HttpProblem } from '@bmm/http';
import type { FastifyInstance } from 'fastify';
import { sendVerificationEmail, verifyEmail } from '../../auth/email-verification.service.js';
import { LoginThrottle } from '../../auth/login-throttle.js';
import { DEFAULT_RATE_LIMITS } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { errors, object, problemResponse } from '../../lib/schemas.js';
import { authenticate } from '../../plugins/auth.js';
import { findUser } from '../../users/users.repository.js';
import { deliverySchema } from './auth.schemas.js';

const invalidLink = () =>
  new HttpProblem(
    400,
    'verification_link_invalid',
    'This verification link is invalid, expired or already used. Sign in and ask for a new one.',
  );

/** `POST /v1/auth/verify-email` (the web's /verify-email page calls it) and `…/resend`. */
export default async function emailVerificationRoutes(app: FastifyInstance) {
  const { db, keyring, config, mailer, logger } = app.deps;
  const mail = { keyring, mailer, logger, webUrl: config.WEB_URL };
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
    async (request) => {
      const { token } = request.body as { token: string };
      const verified = await verifyEmail(db, keyring, token, auditOrigin(request));
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
        const user = await findUser(db, userId);
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
        await sendVerificationEmail(mail, user);
        return reply.code(202).send({ sentTo: user.email, delivery: mailer?.delivery ?? 'server_log' });
      },
    );
  });
}
