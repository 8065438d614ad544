/**
 * Slug rules the browser can check before asking the API: the ServerSpec's own pattern. Tools are
 * checked by the API's own `validateSpec` (see components/tool-editor.tsx), never by rules of the web app's.
 */
import { SLUG_PATTERN } from '@bmm/spec/patterns';

export const SLUG_RE = new RegExp(SLUG_PATTERN);

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * Format problems the browser can see before asking the API; null when the slug looks fine. Reserved
 * and taken slugs are the API's to say (`GET /v1/servers/slug-availability`, see use-slug-check.ts).
 */
export function slugProblem(slug: string): string | null {
  if (slug.length < 3) return 'At least 3 characters.';
  if (slug.length > 40) return 'At most 40 characters.';
  if (!SLUG_RE.test(slug) || slug.includes('--'))
    return 'Lower-case letters, digits and single inner hyphens; start and end with a letter or digit.';
  return null;
}
