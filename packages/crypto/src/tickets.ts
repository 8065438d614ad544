import { createHmac } from 'node:crypto';
import { safeEqual } from './tokens.js';

export class TicketError extends Error {
  override name = 'TicketError';
}

export interface TicketClaims {
  /** What the ticket is for (e.g. `build-log`); a ticket for one purpose never passes for another. */
  purpose: string;
  /** Expiry, epoch seconds. */
  exp: number;
  [claim: string]: unknown;
}

/** A short-lived HMAC-SHA256 ticket: `base64url(json).base64url(mac)`. */
export function signTicket(
  key: Buffer,
  purpose: string,
  claims: Record<string, unknown>,
  ttlSeconds: number,
  now = Date.now(),
): string {
  const body = Buffer.from(
    JSON.stringify({ ...claims, purpose, exp: Math.floor(now / 1000) + ttlSeconds }),
  ).toString('base64url');
  return `${body}.${mac(key, body)}`;
}

export function verifyTicket(key: Buffer, ticket: string, purpose: string, now = Date.now()): TicketClaims {
  const [body, signature, extra] = ticket.split('.');
  if (!body || !signature || extra !== undefined) throw new TicketError('malformed ticket');
  if (!safeEqual(mac(key, body), signature)) throw new TicketError('ticket signature does not match');
  let claims: TicketClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new TicketError('malformed ticket');
  }
  if (claims.purpose !== purpose) throw new TicketError(`ticket is not for ${purpose}`);
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new TicketError('ticket expired');
  return claims;
}

function mac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}
