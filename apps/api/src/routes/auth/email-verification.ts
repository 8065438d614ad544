import { conflict, HttpProblem } from '@bmm/http';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sendVerificationEmail, verifyEmail } from '../../auth/email-verification.service.js';
import { LoginThrottle } from '../../auth/login-throttle.js';
import type { RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { authenticate } from '../../plugins/auth.js';
import { findUser } from '../../users/users.repository.js';
import { resendVerificationSchema, verifyEmailSchema } from './auth.schemas.js';

const invalidLink = () =>
  new HttpProblem(
    400,
    'verification_link_invalid',
    'This verification link is invalid, expired or already used. Sign in and ask for a new one.',
  );

/** `POST /v1/auth/verify-email` (the web's /verify-email page calls it) and `…/resend`. */
const emailVerificationRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db, keyring, config, mailer, logger } = deps;
  const mail = { keyring, mailer, logger, webUrl: config.WEB_URL };
  const limits = deps.rateLimits;
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
      schema: verifyEmailSchema,
    },
    async (request) => {
      const verified = await verifyEmail(db, keyring, request.body.token, auditOrigin(request));
      if (!verified) throw invalidLink();
      return { email: verified.email, verified: true as const };
    },
  );

  await app.register(async (scoped) => {
    const personal = scoped.withTypeProvider<TypeBoxTypeProvider>();
    await personal.register(authenticate, { mode: 'person', deps });
    personal.post(
      '/auth/verify-email/resend',
      { schema: resendVerificationSchema },
      async (request, reply) => {
        const userId = request.auth.userId!;
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
        return reply.code(202).send({ sentTo: user.email, delivery: mailer.delivery });
      },
    );
  });
};

export default emailVerificationRoutes;
