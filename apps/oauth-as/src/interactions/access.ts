import type { Db } from '@bmm/db';
import { isOrgMember, type LiveServer } from '../servers/servers.repository.js';

/**
 * Org members always; `public` servers: anyone signed in; `allowlist`: the listed emails too, but
 * only once the account proved it owns that address (an unverified email matches nothing).
 * The same rule, in SQL, decides which grants `revokeLostAccess` (@bmm/oauth) ends.
 */
export async function canUseServer(
  db: Db,
  user: { id: string; email: string; emailVerified: boolean },
  server: LiveServer,
): Promise<boolean> {
  if (server.visibility === 'public') return true;
  if (server.visibility === 'allowlist' && user.emailVerified) {
    const email = user.email.toLowerCase();
    if (server.allowlist.some((e) => e.toLowerCase() === email)) return true;
  }
  return await isOrgMember(db, server.orgId, user.id);
}
