import { forbidden } from '@bmm/http';
import type { preHandlerAsyncHookHandler } from 'fastify';
import { findAdminCandidate } from '../admin/admin.repository.js';
import { type AppDeps, DEFAULT_OPERATOR } from '../deps.js';

/**
 * Instance admins see every org and set plans: the first account of a fresh install
 * (`users.instance_admin`) and, once their address is verified, the people BMM_ADMIN_EMAILS names —
 * an unverified account could belong to anyone who typed that address.
 */
export async function isInstanceAdmin(deps: AppDeps, userId: string | null): Promise<boolean> {
  if (!userId) return false;
  const user = await findAdminCandidate(deps.db, userId);
  if (!user) return false;
  if (user.instance_admin) return true;
  const listed = (deps.operator ?? DEFAULT_OPERATOR).adminEmails.includes(user.email.toLowerCase());
  return listed && user.email_verified_at !== null;
}

/** A preHandler for the admin routes (after `authenticate` in person mode). */
export const requireInstanceAdmin = (deps: AppDeps): preHandlerAsyncHookHandler =>
  async function requireInstanceAdmin(request) {
    if (!(await isInstanceAdmin(deps, request.auth.userId))) {
      throw forbidden(
        'Only instance admins manage organizations and plans: the first account of this install and the verified addresses in BMM_ADMIN_EMAILS.',
        'instance_admin_required',
      );
    }
  };
