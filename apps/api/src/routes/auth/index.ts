import { randomUUID } from 'node:crypto';
import { randomToken } from '@bmm/crypto';
import { SESSION_COOKIE } from '@bmm/db';
import { HttpProblem } from '@bmm/http';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { logIn, logOut, openSession, signUp } from '../../auth/accounts.service.js';
import { sendVerificationEmail } from '../../auth/email-verification.service.js';
import { LoginThrottle } from '../../auth/login-throttle.js';
import { DEFAULT_OPERATOR, type RouteOptions } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { authenticate, checkCsrf, sessionCookieOptions } from '../../plugins/auth.js';
import { isInstanceAdmin } from '../../plugins/instance-admin.js';
import { findUser, userOrgs } from '../../users/users.repository.js';
import { loginSchema, logoutSchema, meSchema, signupSchema } from './auth.schemas.js';
import emailVerificationRoutes from './email-verification.js';

/**
 * Sign-up, sign-in and sign-out, email verification, and `GET /v1/me`.
 * Longer than 60 lines as a plugin: it only registers its routes, each handler short over named services.
 */
const authRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db, keyring, config, mailer, logger } = deps;
  const mail = { keyring, mailer, logger, webUrl: config.WEB_URL };
  const newOrgPlan = (deps.operator ?? DEFAULT_OPERATOR).defaultPlan;
  const limits = deps.rateLimits;
  const throttle = new LoginThrottle(limits.loginPerEmail, limits.windowMs);
  const rateLimit = {
    max: limits.authPerIp,
    timeWindow: limits.windowMs,
    errorResponseBuilder: (_req: unknown, ctx: { after: string }) =>
      new HttpProblem(429, 'rate_limited', `Too many attempts; try again in ${ctx.after}.`),
  };

  app.post('/auth/signup', { config: { rateLimit }, schema: signupSchema }, async (request, reply) => {
    checkCsrf(deps, request, false);
    const origin = auditOrigin(request);
    const result = await signUp(db, mail, origin, newOrgPlan, request.body);
    if (result.kind === 'taken') {
      // Answered exactly like a new sign-up (status, body shape, a session cookie that opens nothing):
      // the endpoint never reveals which addresses have accounts. The owner was emailed instead.
      const { email, name } = result;
      reply.setCookie(SESSION_COOKIE, randomToken('bmm_sess_'), sessionCookieOptions(deps));
      return reply.code(201).send({
        user: { id: randomUUID(), email, name },
        org: { id: randomUUID(), name: `${name}'s workspace`, plan: newOrgPlan, role: 'owner' },
        verification: { sentTo: email, delivery: mailer.delivery },
      });
    }
    const { user, org } = result;
    const token = await openSession(db, origin, user.id, org.id);
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(deps));
    await sendVerificationEmail(mail, user);
    return reply
      .code(201)
      .send({ user, org, verification: { sentTo: user.email, delivery: mailer.delivery } });
  });

  app.post(
    '/auth/login',
    {
      config: { rateLimit },
      onResponse: async (_request, reply) => deps.metrics.login(reply.statusCode),
      schema: loginSchema,
    },
    async (request, reply) => {
      checkCsrf(deps, request, false);
      const { user, token } = await logIn(db, throttle, auditOrigin(request), request.body);
      reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(deps));
      return { user };
    },
  );

  app.post('/auth/logout', { schema: logoutSchema }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      checkCsrf(deps, request, true);
      await logOut(db, auditOrigin(request), cookie);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  await app.register(emailVerificationRoutes, { deps });

  await app.register(async (scoped) => {
    const personal = scoped.withTypeProvider<TypeBoxTypeProvider>();
    await personal.register(authenticate, { mode: 'person', deps });
    personal.get('/me', { schema: meSchema }, async (request) => {
      const userId = request.auth.userId!;
      const [user, orgs, instanceAdmin] = await Promise.all([
        findUser(db, userId),
        userOrgs(db, userId),
        isInstanceAdmin(deps, userId),
      ]);
      return {
        user: {
          id: userId,
          email: user?.email ?? '',
          name: user?.name ?? '',
          emailVerified: Boolean(user?.email_verified_at),
          instanceAdmin,
        },
        orgs,
        activeOrgId: request.auth.orgId || null,
        emailDelivery: mailer.delivery,
      };
    });
  });
};

export default authRoutes;
