import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Marks a single-use ticket as used. True the first time a `jti` is consumed, false on every later
 * attempt (a replay). The HMAC signature and expiry are checked by the caller (@bmm/crypto); this is
 * the server-side state that makes a valid ticket work once.
 */
export async function consumeTicket(
  db: Kysely<Database>,
  ticket: { jti: string; purpose: string; exp: number },
): Promise<boolean> {
  const row = await db
    .insertInto('consumed_tickets')
    .values({ jti: ticket.jti, purpose: ticket.purpose, expires_at: new Date(ticket.exp * 1000) })
    .onConflict((oc) => oc.column('jti').doNothing())
    .returning('jti')
    .executeTakeFirst();
  return row !== undefined;
}

/** Drops the records of tickets that expired (they can no longer be presented). */
export async function pruneConsumedTickets(db: Kysely<Database>): Promise<number> {
  const res = await db
    .deleteFrom('consumed_tickets')
    .where('expires_at', '<', sql<Date>`now() - interval '1 minute'`)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
