import { randomBytes } from 'node:crypto';
import { type Keyring, sha256, signTicket, TicketError, verifyTicket } from '@bmm/crypto';

const PURPOSE = 'connector-oauth';
export const STATE_TTL_SECONDS = 5 * 60;

/**
 * The OAuth `state` of a connector sign-in: an HMAC-signed ticket naming the person and the
 * connector, with a nonce whose hash is stored so the state works once, for five minutes.
 */
export function newOAuthState(keyring: Keyring, userId: string, connectorId: string) {
  const nonce = randomBytes(16).toString('base64url');
  const state = signTicket(
    keyring.deriveKey(PURPOSE),
    PURPOSE,
    { u: userId, c: connectorId, n: nonce },
    STATE_TTL_SECONDS,
  );
  return { state, nonceHash: sha256(nonce), expiresAt: new Date(Date.now() + STATE_TTL_SECONDS * 1000) };
}

export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

export function readOAuthState(
  keyring: Keyring,
  state: string,
): { userId: string; connectorId: string; nonceHash: string } {
  try {
    const claims = verifyTicket(keyring.deriveKey(PURPOSE), state, PURPOSE);
    if (typeof claims.u !== 'string' || typeof claims.c !== 'string' || typeof claims.n !== 'string')
      throw new InvalidStateError('malformed state');
    return { userId: claims.u, connectorId: claims.c, nonceHash: sha256(claims.n) };
  } catch (err) {
    if (err instanceof TicketError) throw new InvalidStateError(err.message);
    throw err;
  }
}
