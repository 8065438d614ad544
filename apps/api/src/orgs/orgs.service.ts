import type { Db } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { findMembership } from '../members/members.repository.js';
import { setActiveOrg } from '../plugins/auth.repository.js';
import { findOrg, renameOrg } from './orgs.repository.js';

/** Renames the org (trimmed), audited as `org.update`; answers the org as stored. */
export async function renameActiveOrg(db: Db, origin: AuditOrigin, orgId: string, rawName: string) {
  const name = rawName.trim();
  await db.transaction().execute(async (trx) => {
    await renameOrg(trx, orgId, name);
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'org.update',
        resourceType: 'org',
        resourceId: orgId,
        metadata: { name },
      }),
    );
  });
  const org = await findOrg(db, orgId);
  if (!org) throw notFound('org');
  return org;
}

/** Makes another org of the person's the session's active one (`404` unless they are a member). */
export async function switchActiveOrg(
  db: Db,
  origin: AuditOrigin,
  session: { userId: string; sessionId: string },
  orgId: string,
) {
  const membership = await findMembership(db, orgId, session.userId);
  if (!membership) throw notFound('org');
  await setActiveOrg(db, session.sessionId, orgId);
  await recordAudit(
    db,
    auditEvent(origin, { action: 'session.switch_org', resourceType: 'org', resourceId: orgId, orgId }),
  );
  return membership.role;
}
