import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random token: readable prefix + 256 bits, base64url (e.g. `bmm_sess_…`). */
export function randomToken(prefix = '', bytes = 32): string {
  if (bytes < 32) throw new Error('tokens carry at least 256 bits');
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** sha256 as lowercase hex: how tokens, codes and API keys are stored. */
export function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time string comparison (false for different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
