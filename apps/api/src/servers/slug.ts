import { badRequest } from '@bmm/http';

/** Slugs are path segments on the runner and OAuth audiences: these would collide or mislead. */
export const RESERVED_SLUGS = new Set([
  'api',
  'www',
  'admin',
  'oauth',
  'well-known',
  '.well-known',
  'static',
  'internal',
  'healthz',
  'readyz',
  'metrics',
  'assets',
  'auth',
  'login',
  'logout',
  'signup',
  'mcp',
  'v1',
  'docs',
  'status',
  'app',
  'dashboard',
  'settings',
  'console',
  'root',
  'system',
  'support',
  'help',
  'buildmymcpserver',
  'bmm',
]);

const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

export type SlugIssue = 'invalid' | 'reserved';

/** What is wrong with a slug by itself (format, reserved words), or null. Whether it is taken is a database question. */
export function slugIssue(slug: string): SlugIssue | null {
  if (!SLUG_RE.test(slug) || slug.includes('--')) return 'invalid';
  if (RESERVED_SLUGS.has(slug)) return 'reserved';
  return null;
}

/** 3–40 characters of a-z, 0-9 and inner hyphens, not reserved. */
export function checkSlug(slug: string): void {
  const issue = slugIssue(slug);
  if (issue === 'invalid') {
    throw badRequest('invalid_slug', 'A slug is 3–40 characters: a-z, 0-9 and single inner hyphens.', [
      { field: 'body.slug', message: 'must match ^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$' },
    ]);
  }
  if (issue === 'reserved') {
    throw badRequest('slug_reserved', `The slug "${slug}" is reserved; pick another.`, [
      { field: 'body.slug', message: 'is reserved' },
    ]);
  }
}
