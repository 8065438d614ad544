import { type Keyring, randomToken, signTicket } from '@bmm/crypto';
import { Channels, type Db, notify, recordAudit } from '@bmm/db';
import { conflict, notFound } from '@bmm/http';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import type { Auth } from '../plugins/auth.js';
import { cancelBuild, findBuild } from './builds.repository.js';

const TICKET_TTL_SECONDS = 60;

/** A build of the caller's org, or 404. */
export async function orgBuild(db: Db, orgId: string, id: string) {
  const build = await findBuild(db, orgId, id);
  if (!build) throw notFound('build');
  return build;
}

/**
 * Cancels a queued build at once, or asks the builder to stop a running one at its next step
 * (audited as `build.cancel`); 409 `build_finished` when it already ended.
 */
export async function cancelOrgBuild(db: Db, orgId: string, id: string, origin: AuditOrigin) {
  const outcome = await db.transaction().execute(async (trx) => {
    const build = await findBuild(trx, orgId, id);
    if (!build) throw notFound('build');
    const result = await cancelBuild(trx, id);
    if (!result)
      throw conflict(
        'build_finished',
        `The build already ${build.status === 'canceled' ? 'was canceled' : 'finished'}.`,
      );
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'build.cancel',
        resourceType: 'build',
        resourceId: id,
        metadata: { serverId: build.server_id, version: build.version, outcome: result },
      }),
    );
    return result;
  });
  await notify(db, Channels.buildEvent, {
    buildId: id,
    status: outcome === 'canceled' ? 'canceled' : 'running',
  });
  return orgBuild(db, orgId, id);
}

/** A single-use, 60-second ticket for the builder's build-log WebSocket, bound to the holder. */
export async function buildLogTicket(
  deps: { db: Db; keyring: Keyring; config: { BUILDER_URL: string } },
  auth: Auth,
  id: string,
) {
  await orgBuild(deps.db, auth.orgId, id);
  const ticket = signTicket(
    deps.keyring.deriveKey('build-log'),
    'build-log',
    // Single use (jti) and bound to the holder: the builder re-checks membership or the key.
    auth.userId
      ? { buildId: id, jti: randomToken(), userId: auth.userId }
      : { buildId: id, jti: randomToken(), apiKeyId: auth.apiKeyId },
    TICKET_TTL_SECONDS,
  );
  return {
    url: `${deps.config.BUILDER_URL}/v1/builds/${id}/stream`,
    ticket,
    expiresIn: TICKET_TTL_SECONDS,
  };
}
