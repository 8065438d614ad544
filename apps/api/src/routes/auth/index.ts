import { randomUUID } from 'node:crypto';
import { hashPassword, randomToken, sha256, verifyPassword } from '@bmm/crypto';
import { recordAudit, SESSION_COOKIE, SESSION_TTL_MS } from '@bmm/db';
import { badRequest, HttpProblem } from '@bmm/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendSignupAttemptNotice, sendVerificationEmail } from '../../auth/email-verification.service.js';
import { LoginThrottle } from '../../auth/login-throttle.js';
import { deleteSession, insertSession } from '../../auth/sessions.repository.js';
import { DEFAULT_OPERATOR, DEFAULT_RATE_LIMITS } from '../../deps.js';
import { requestAudit } from '../../lib/audit.js';
import { errors, noContent, object, problemResponse } from '../../lib/schemas.js';
import { insertMembership } from '../../members/members.repository.js';
import { insertOrg } from '../../orgs/orgs.repository.js';
import { authenticate, checkCsrf, sessionCookieOptions } from '../../plugins/auth.js';
import { isInstanceAdmin } from '../../plugins/instance-admin.js';
import { normalizeEmail } from '../../users/email-address.js';
import { findUser, findUserByEmail, insertUser, userOrgs } from '../../users/users.repository.js';
import { promoteIfFirstAccount } from '../admin/admin.repository.js';
import { deliverySchema, meUserSchema, orgSummary, userSchema, verificationSchema } from './auth.schemas.js';
import emailVerificationRoutes from './email-verification.js';

// Verified when the email is unknown, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = hashPassword(randomToken('dummy_'));

async function startSession(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  orgId: string | null,
) {
  const token = randomToken('bmm_sess_');
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(app.deps));
  const ua = request.headers['user-agent'];
  await insertSession(app.deps.db, {
    userId,
    tokenHash: sha256(token),
    activeOrgId: orgId,
    ip: request.ip ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
  });
}

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
  const { keyring, config, mailer, logger } = app.deps;
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
      const email = normalizeEmail(body.email);
      const name = body.name.trim();
      if (!name)
        throw badRequest('invalid_name', 'Enter your name.', [{ field: 'body.name', message: 'is empty' }]);
      if (body.password.trim().toLowerCase() === email) {
        throw badRequest('weak_password', 'The password must not be your email address.', [
          { field: 'body.password', message: 'must differ from the email' },
        ]);
      }
      const existing = await findUserByEmail(app.deps.db, email);
      const passwordHash = await hashPassword(body.password);
      if (existing) {
        await sendSignupAttemptNotice(mail, existing);
        return duplicateSignupResponse(app, reply, email, name);
      }
      const created = await app.deps.db
        .transaction()
        .execute(async (trx) => {
          const user = await insertUser(trx, { email, name, passwordHash });
          const firstAccount = await promoteIfFirstAccount(trx, user.id);
          const org = await insertOrg(trx, `${name}'s workspace`, newOrgPlan);
          await insertMembership(trx, org.id, user.id, 'owner');
          const actor = { type: 'user' as const, id: user.id };
          await recordAudit(
            trx,
            requestAudit(request, {
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
            requestAudit(request, {
              action: 'org.create',
              resourceType: 'org',
              resourceId: org.id,
              orgId: org.id,
              actor,
              metadata: { plan: org.plan },
            }),
          );
          return { user, org: { ...org, role: 'owner' as const } };
        })
        .catch((err: { code?: string }) => {
          if (err.code === '23505') return null; // a concurrent sign-up with the same address won
          throw err;
        });
      if (!created) {
        const winner = await findUserByEmail(app.deps.db, email);
        if (winner) await sendSignupAttemptNotice(mail, winner);
        return duplicateSignupResponse(app, reply, email, name);
      }
      await startSession(app, request, reply, created.user.id, created.org.id);
      await sendVerificationEmail(mail, { ...created.user });
      return reply.code(201).send({
        ...created,
        verification: { sentTo: email, delivery: app.deps.mailer?.delivery ?? 'server_log' },
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
      const email = body.email.trim().toLowerCase();
      const wait = throttle.hit(email);
      if (wait > 0) {
        throw new HttpProblem(
          429,
          'rate_limited',
          `Too many sign-in attempts for this account; try again in ${wait} seconds.`,
        );
      }
      const user = await findUserByEmail(app.deps.db, email);
      const ok = await verifyPassword(user?.password_hash ?? (await DUMMY_HASH), body.password);
      if (!user || !ok) throw new HttpProblem(401, 'invalid_credentials', 'Wrong email or password.');
      throttle.reset(email);
      const orgs = await userOrgs(app.deps.db, user.id);
      await startSession(app, request, reply, user.id, orgs[0]?.id ?? null);
      await recordAudit(
        app.deps.db,
        requestAudit(request, {
          action: 'session.create',
          resourceType: 'user',
          resourceId: user.id,
          orgId: orgs[0]?.id ?? null,
          actor: { type: 'user', id: user.id },
        }),
      );
      return { user: { id: user.id, email: user.email, name: user.name } };
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
        const ended = await deleteSession(app.deps.db, sha256(cookie));
        if (ended) {
          await recordAudit(
            app.deps.db,
            requestAudit(request, {
              action: 'session.delete',
              resourceType: 'user',
              resourceId: ended.user_id,
              orgId: null,
              actor: { type: 'user', id: ended.user_id },
            }),
          );
        }
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
