import { randomToken, sha256 } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { insertApiKey, revokeApiKey } from './api-keys.repository.js';

/** `bmm_live_` + 8 characters: enough to tell keys apart, far too little to guess the rest. */
const DISPLAY_LENGTH = 'bmm_live_'.length + 8;

/**
 * Makes an org API key; only its sha256 and display prefix are stored. Answers the row and the key,
 * which is shown this once. Audited as `api_key.create` (name and prefix).
 */
export async function createApiKey(
  db: Db,
  origin: AuditOrigin,
  by: { orgId: string; userId: string | null },
  name: string,
) {
  const key = randomToken('bmm_live_');
  const apiKey = await db.transaction().execute(async (trx) => {
    const row = await insertApiKey(trx, {
      orgId: by.orgId,
      name: name.trim(),
      displayPrefix: key.slice(0, DISPLAY_LENGTH),
      keyHash: sha256(key),
      createdBy: by.userId,
    });
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'api_key.create',
        resourceType: 'api_key',
        resourceId: row.id,
        metadata: { name: row.name, prefix: row.display_prefix },
      }),
    );
    return row;
  });
  return { apiKey, key };
}

/** Revokes an API key of the org (it stops working at once), audited as `api_key.revoke`; else `404`. */
export async function revokeOrgApiKey(db: Db, origin: AuditOrigin, orgId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeApiKey(trx, orgId, id);
    if (!revoked) throw notFound('API key');
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'api_key.revoke',
        resourceType: 'api_key',
        resourceId: id,
        metadata: { name: revoked.name },
      }),
    );
  });
}
