import { type Db, pruneConsumedTickets } from '@bmm/db';
import type { Logger } from '@bmm/logger';
import { pruneRetiredKeys } from '../keys/signing-keys.js';
import { STALE_CLIENT_DAYS } from '../lifetimes.js';

export interface MaintenanceResult {
  staleClients: number;
  expiredRows: number;
  retiredKeys: number;
}

/**
 * Removes clients unused for 30 days (registered and metadata-document ones; their grants and
 * tokens go with them — none can still be live) and rows whose lifetime is over.
 */
export async function runMaintenance(db: Db, now = new Date()): Promise<MaintenanceResult> {
  const staleBefore = new Date(now.getTime() - STALE_CLIENT_DAYS * 86_400_000);
  const stale = await db
    .deleteFrom('oauth_clients')
    .where((eb) => eb(eb.fn.coalesce('last_used_at', 'created_at'), '<', staleBefore))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('oauth_refresh_tokens')
            .select('id')
            .whereRef('oauth_refresh_tokens.client_id', '=', 'oauth_clients.client_id')
            .where('oauth_refresh_tokens.revoked_at', 'is', null)
            .where('oauth_refresh_tokens.rotated_at', 'is', null)
            .where('oauth_refresh_tokens.expires_at', '>', now),
        ),
      ),
    )
    .executeTakeFirst();
  let expiredRows = 0;
  const count = (r: { numDeletedRows: bigint }) => {
    expiredRows += Number(r.numDeletedRows);
  };
  const dayAgo = new Date(now.getTime() - 86_400_000);
  count(await db.deleteFrom('oauth_interactions').where('expires_at', '<', dayAgo).executeTakeFirst());
  count(await db.deleteFrom('oauth_codes').where('expires_at', '<', dayAgo).executeTakeFirst());
  count(await db.deleteFrom('oauth_token_denylist').where('expires_at', '<', now).executeTakeFirst());
  count(await db.deleteFrom('oauth_access_tokens').where('expires_at', '<', now).executeTakeFirst());
  count(await db.deleteFrom('oauth_refresh_tokens').where('expires_at', '<', dayAgo).executeTakeFirst());
  count(await db.deleteFrom('upstream_authorizations').where('expires_at', '<', dayAgo).executeTakeFirst());
  // Single-use tickets (email links, build-log sockets) of every service: expired ones can't be replayed.
  expiredRows += await pruneConsumedTickets(db);
  return { staleClients: Number(stale.numDeletedRows), expiredRows, retiredKeys: await pruneRetiredKeys(db) };
}

/** Runs maintenance now and then every `intervalMs` (default 1 h) until stopped. */
export function startMaintenance(
  db: Db,
  logger: Logger,
  intervalMs = 60 * 60 * 1000,
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runMaintenance(db)
      .then((r) => logger.info(r, 'oauth maintenance done'))
      .catch((err) => logger.error({ err }, 'oauth maintenance failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
