import type { PlanId } from '@bmm/config';
import { type Db, recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { setOrgPlan } from './admin.repository.js';

/** Moves an org to a plan; audited as `org.plan_change` in that org's own log, nothing written when unchanged. */
export async function changeOrgPlan(db: Db, origin: AuditOrigin, orgId: string, plan: PlanId) {
  return db.transaction().execute(async (trx) => {
    const before = await setOrgPlan(trx, orgId, plan);
    if (!before) throw notFound('org');
    const changed = before.plan !== plan;
    if (changed) {
      await recordAudit(
        trx,
        auditEvent(origin, {
          action: 'org.plan_change',
          resourceType: 'org',
          resourceId: orgId,
          orgId,
          metadata: { from: before.plan, to: plan, by: 'instance_admin' },
        }),
      );
    }
    return { previousPlan: before.plan, changed };
  });
}
