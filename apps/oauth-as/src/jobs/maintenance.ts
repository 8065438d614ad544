import { type Db, pruneConsumedTickets } from '@bmm/db';
import type { Logger } from '@bmm/logger';
import { pruneRetiredKeys } from '../keys/signing-keys.js';
import { STALE_CLIENT_DAYS } from '../lifetimes.js';
import { deleteExpiredRows, deleteStaleClients } from './maintenance.repository.js';

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
  const staleClients = await deleteStaleClients(
    db,
    new Date(now.getTime() - STALE_CLIENT_DAYS * 86_400_000),
    now,
  );
  // Single-use tickets (email links, build-log sockets) of every service: expired ones can't be replayed.
  const expiredRows = (await deleteExpiredRows(db, now)) + (await pruneConsumedTickets(db));
  return { staleClients, expiredRows, retiredKeys: await pruneRetiredKeys(db) };
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
