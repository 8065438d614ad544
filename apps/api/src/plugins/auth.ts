import { sha256 } from '@bmm/crypto';
import { findSessionUser, type Role, SESSION_COOKIE, SESSION_TTL_MS } from '@bmm/db';
import { forbidden, HttpProblem, unauthorized } from '@bmm/http';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiDeps, AppDeps } from '../deps.js';
import { isSecureDeployment, requestOrigin, trustedOrigins } from '../lib/origins.js';
import { findActiveApiKey, memberOrgs, setActiveOrg, slideSession, touchApiKey } from './auth.repository.js';

/** Who is calling: a signed-in person (session cookie) or an org's API key (Bearer). */
export interface Auth {
  kind: 'user' | 'api_key';
  /** The person; null for API keys. */
  userId: string | null;
  /** The org every query is scoped to; '' only on personal routes for a person without any org. */
  orgId: string;
  role: Role;
  apiKeyId: string | null;
  sessionId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth;
  }
}

export interface AuthOptions {
  /** `person`: only a signed-in person (no API key) and an org is optional. Default: anyone with an org. */
  mode?: 'org' | 'person';
  /** The route plugin's dependencies (its `{ deps }` option). */
  deps: ApiDeps;
}

type AuthMode = Pick<AuthOptions, 'mode'>;

const API_KEY_PREFIX = 'bmm_live_';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ROLE_RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

export function sessionCookieOptions(deps: AppDeps) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isSecureDeployment(deps.config),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  };
}

/** Refuses cookie-authenticated state changes unless the browser says they come from a trusted origin. */
export function checkCsrf(deps: AppDeps, request: FastifyRequest, required: boolean): void {
  if (!UNSAFE.has(request.method)) return;
  const origin = requestOrigin(request.headers);
  if (origin === null && !required) return;
  if (origin === null || !trustedOrigins(deps.config).has(origin)) {
    throw forbidden('Cross-site request refused: the Origin is not a trusted web origin.', 'csrf_failed');
  }
}

async function authenticateApiKey(deps: AppDeps, token: string, options: AuthMode): Promise<Auth> {
  if (!token.startsWith(API_KEY_PREFIX)) throw new HttpProblem(401, 'invalid_api_key', 'Unknown API key.');
  const key = await findActiveApiKey(deps.db, sha256(token));
  if (!key) throw new HttpProblem(401, 'invalid_api_key', 'Unknown or revoked API key.');
  if (options.mode === 'person') {
    throw forbidden('This action needs a signed-in person, not an API key.', 'person_required');
  }
  await touchApiKey(deps.db, key.id);
  return {
    kind: 'api_key',
    userId: null,
    orgId: key.org_id,
    role: 'admin',
    apiKeyId: key.id,
    sessionId: null,
  };
}

async function authenticateSession(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  cookie: string,
  options: AuthMode,
): Promise<Auth> {
  const session = await findSessionUser(deps.db, sha256(cookie));
  if (!session) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    throw new HttpProblem(401, 'session_expired', 'Your session has ended; sign in again.');
  }
  checkCsrf(deps, request, true);
  if (await slideSession(deps.db, session.sessionId)) {
    reply.setCookie(SESSION_COOKIE, cookie, sessionCookieOptions(deps));
  }
  const orgs = await memberOrgs(deps.db, session.user.id);
  const active = orgs.find((o) => o.org_id === session.activeOrgId) ?? orgs[0];
  if (!active && options.mode !== 'person') {
    throw forbidden('You are not a member of any organization.', 'no_org');
  }
  if (active && active.org_id !== session.activeOrgId) {
    await setActiveOrg(deps.db, session.sessionId, active.org_id);
  }
  return {
    kind: 'user',
    userId: session.user.id,
    orgId: active?.org_id ?? '',
    role: active?.role ?? 'member',
    apiKeyId: null,
    sessionId: session.sessionId,
  };
}

export async function resolveAuth(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: AuthMode = {},
): Promise<Auth> {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token)
      throw unauthorized('Use Authorization: Bearer <API key>.');
    return authenticateApiKey(deps, token, options);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) return authenticateSession(deps, request, reply, cookie, options);
  throw unauthorized();
}

/**
 * Register inside a route plugin to protect every route of that plugin (fastify-plugin lifts the
 * hook into the registering context, never above it).
 */
export const authenticate = fp<AuthOptions>(async (app: FastifyInstance, options) => {
  const { deps } = options;
  app.addHook('onRequest', async (request, reply) => {
    request.auth = await resolveAuth(deps, request, reply, options);
  });
});

/** A preHandler that refuses callers below `min` in the org's role order. */
export function requireRole(min: Role): preHandlerAsyncHookHandler {
  return async (request) => {
    if (ROLE_RANK[request.auth.role] < ROLE_RANK[min]) {
      throw forbidden(`This needs the ${min} role or higher.`, 'insufficient_role');
    }
  };
}

/** A preHandler that refuses API keys (managing keys and people needs a person). */
export const requirePerson: preHandlerAsyncHookHandler = async (request) => {
  if (request.auth.kind !== 'user') {
    throw forbidden('This action needs a signed-in person, not an API key.', 'person_required');
  }
};

export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}
