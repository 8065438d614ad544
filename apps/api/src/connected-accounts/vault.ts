import { recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import { revokeAndDeleteTokens, type VaultDeps } from '@bmm/upstream';
import type { AppDeps } from '../deps.js';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { findConnectedAccount } from './connected-accounts.repository.js';

export type UpstreamVaultDeps = Pick<AppDeps, 'db' | 'keyring' | 'upstream'>;

/** The vault as the api uses it: revocation goes out under the platform's SSRF rules. */
export function upstreamVault(deps: UpstreamVaultDeps): VaultDeps {
  return {
    db: deps.db,
    keyring: deps.keyring,
    network: { allowPrivateNetwork: deps.upstream?.allowPrivateNetwork ?? false },
    platformApps: deps.upstream?.apps ?? {},
  };
}

/**
 * Revokes and deletes upstream tokens that lost their reason to exist (a deleted server, a removed
 * member), with one `upstream.disconnect` audit event per token, made by `origin`. Provider failures
 * never block the deletion: the row goes either way and the event says what happened at the provider.
 */
export async function disconnectUpstreams(
  deps: UpstreamVaultDeps,
  origin: AuditOrigin,
  where: { serverId?: string; userId?: string; orgId?: string },
  reason: 'server_deleted' | 'member_removed',
): Promise<void> {
  const done = await revokeAndDeleteTokens(upstreamVault(deps), where);
  for (const d of done)
    await recordAudit(
      deps.db,
      auditEvent(origin, {
        action: 'upstream.disconnect',
        resourceType: 'upstream_token',
        resourceId: d.id,
        metadata: {
          server_id: d.serverId,
          upstream_id: d.upstreamId,
          user_id: d.userId,
          reason,
          revocation: d.result,
        },
      }),
    );
}

/**
 * Disconnects one of the person's upstream accounts: revoked at the provider where it can be, then
 * forgotten; audited as `upstream.disconnect` in the org of the server it was connected through.
 */
export async function disconnectAccount(
  deps: UpstreamVaultDeps,
  origin: AuditOrigin,
  userId: string,
  id: string,
): Promise<void> {
  const owned = await findConnectedAccount(deps.db, userId, id);
  if (!owned) throw notFound('connected account');
  const [done] = await revokeAndDeleteTokens(upstreamVault(deps), { id, userId });
  if (!done) throw notFound('connected account');
  await recordAudit(
    deps.db,
    auditEvent(origin, {
      action: 'upstream.disconnect',
      resourceType: 'upstream_token',
      resourceId: id,
      orgId: owned.org_id,
      metadata: { server_id: done.serverId, upstream_id: done.upstreamId, revocation: done.result },
    }),
  );
}
