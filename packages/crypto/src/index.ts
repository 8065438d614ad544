export { serverSecretAad, signingKeyAad, upstreamTokenAad } from './aad.js';
export { DecryptionError, Keyring, type MasterKey } from './envelope.js';
export { hashPassword, verifyPassword } from './password.js';
export { signTicket, type TicketClaims, TicketError, verifyTicket } from './tickets.js';
export { randomToken, safeEqual, sha256 } from './tokens.js';
