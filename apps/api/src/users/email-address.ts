import { badRequest } from '@bmm/http';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trimmed and lower-cased; anything that is not an address is `400 invalid_email` on `body.email`. */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL_RE.test(email) || email.length > 254) {
    throw badRequest('invalid_email', 'Enter a valid email address.', [
      { field: 'body.email', message: 'must be an email address' },
    ]);
  }
  return email;
}
