import { randomUUID } from 'node:crypto';
import { randomToken } from '@bmm/crypto';
import { SESSION_COOKIE } from '@bmm/db';
import { HttpProblem } from '@bmm/http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { logIn, logOut, openSession, signUp } from '../../auth/accounts.service.js';
import { sendVerificationEmail } from '../../auth/email-verification.service.js';
import { LoginThrottle } from '../../auth/login-throttle.js';
import { DEFAULT_OPERATOR, DEFAULT_RATE_LIMITS } from '../../deps.js';
import { auditOrigin } from '../../lib/audit.js';
import { errors, noContent, object, problemResponse } from '../../lib/schemas.js';
import { authenticate, checkCsrf, sessionCookieOptions } from '../../plugins/auth.js';
import { isInstanceAdmin } from '../../plugins/instance-admin.js';
import { findUser, userOrgs } from '../../users/users.repository.js';
import { deliverySchema, meUserSchema, orgSummary, userSchema, verificationSchema } from './auth.schemas.js';
import emailVerificationRoutes from './email-verification.js';

/**
 * Sign-up with an address that already has an account answers exactly like a new sign-up (status,
 * body shape, a session cookie — one that opens nothing) and tells the owner by email instead, so the
 * endpoint never reveals which addresses have accounts. The password hash is paid on both paths.
 */
function duplicateSignupResponse(app: FastifyInstance, reply: FastifyReply, email: string, name: string) {
  const newOrgPlan = (app.deps.operator ?? DEFAULT_OPERATOR).defaultPlan;
  reply.setCookie(SESSION_COOKIE, randomToken('bmm_sess_'), sessionCookieOptions(app.deps));
  return reply.code(201).send({
    user: { id: randomUUID(), email, name },
    org: { id: randomUUID(), name: `${name}'s workspace`, plan: newOrgPlan, role: 'owner' as const },
    verification: { sentTo: email, delivery: app.deps.mailer?.delivery ?? 'server_log' },
  });
}

export default async function authRoutes(app: FastifyInstance) {
  const { db, keyring, config, mailer, logger } = app.deps;
  const mail = { keyring, mailer, logger, webUrl: config.WEB_URL };
  const newOrgPlan = (app.deps.operator ?? DEFAULT_OPERATOR).defaultPlan;
  const limits = { ...DEFAULT_RATE_LIMITS, ...app.deps.rateLimits };
  const throttle = new LoginThrottle(limits.loginPerEmail, limits.windowMs);
  const rateLimit = {
    max: limits.authPerIp,
    timeWindow: limits.windowMs,
    errorResponseBuilder: (_req: unknown, ctx: { after: string }) =>
      new HttpProblem(429, 'rate_limited', `Too many attempts; try again in ${ctx.after}.`),
  };

  app.post(
    '/auth/signup',
    {
      config: { rateLimit },
      schema: {
        summary:
          'Create an account (and a personal org), sign in and email a verification link. An address that already has an account gets the same answer; its owner is emailed instead.',
        tags: ['auth'],
        security: [],
        body: object({
          email: { type: 'string', minLength: 3, maxLength: 254 },
          password: { type: 'string', minLength: 10, maxLength: 200 },
          name: { type: 'string', minLength: 1, maxLength: 100 },
        }),
        response: {
          201: object({ user: userSchema, org: orgSummary, verification: verificationSchema }),
          400: problemResponse(400),
          403: problemResponse(403),
          429: problemResponse(429),
        },
      },
    },
    async (request, reply) => {
      checkCsrf(app.deps, request, false);
      const body = request.body as { email: string; password: string; name: string };
      const origin = auditOrigin(request);
      const result = await signUp(db, mail, origin, newOrgPlan, body);
      if (result.kind === 'taken') return duplicateSignupResponse(app, reply, result.email, result.name);
      const { user, org } = result;
      const token = await openSession(db, origin, user.id, org.id);
      reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(app.deps));
      await sendVerificationEmail(mail, user);
      return reply.code(201).send({
        user,
        org,
        verification: { sentTo: user.email, delivery: app.deps.mailer?.delivery ?? 'server_log' },
      });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { rateLimit },
      onResponse: async (_request, reply) => app.deps.metrics?.login(reply.statusCode),
      schema: {
        summary: 'Sign in with email and password',
        tags: ['auth'],
        security: [],
        body: object({
          email: { type: 'string', minLength: 1, maxLength: 254 },
          password: { type: 'string', minLength: 1, maxLength: 200 },
        }),
        response: {
          200: object({ user: userSchema }),
          400: problemResponse(400),
          401: problemResponse(401),
          403: problemResponse(403),
          429: problemResponse(429),
        },
      },
    },
    async (request, reply) => {
      checkCsrf(app.deps, request, false);
      const body = request.body as { email: string; password: string };
      const { user, token } = await logIn(db, throttle, auditOrigin(request), body);
      reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(app.deps));
      return { user };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        summary: 'Sign out (ends this session)',
        tags: ['auth'],
        response: { 204: noContent, 403: problemResponse(403) },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        checkCsrf(app.deps, request, true);
        await logOut(db, auditOrigin(request), cookie);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  await app.register(emailVerificationRoutes);

  await app.register(async (personal) => {
    await personal.register(authenticate, { mode: 'person' });
    personal.get(
      '/me',
      {
        schema: {
          summary: 'The signed-in person, their orgs and the active org',
          tags: ['auth'],
          response: {
            200: object({
              user: meUserSchema,
              orgs: { type: 'array', items: orgSummary },
              activeOrgId: { type: ['string', 'null'] },
              /** Where verification links go: `email`, or `server_log` when SMTP_URL is unset. */
              emailDelivery: deliverySchema,
            }),
            ...errors(403),
          },
        },
      },
      async (request) => {
        const userId = request.auth.userId as string;
        const [user, orgs, instanceAdmin] = await Promise.all([
          findUser(app.deps.db, userId),
          userOrgs(app.deps.db, userId),
          isInstanceAdmin(app.deps, userId),
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
          emailDelivery: app.deps.mailer?.delivery ?? 'server_log',
        };
      },
    );
  });
}
