import { describe, expect, it } from 'vitest';
import { slugify, slugProblem } from './slug';

describe('slugs', () => {
  it('derives a slug from a name', () => {
    expect(slugify('  My Weather API! ')).toBe('my-weather-api');
    expect(slugify('Ça -- marche')).toBe('ca-marche');
  });

  it('explains what is wrong with a slug, like the API does', () => {
    expect(slugProblem('ab')).toBe('At least 3 characters.');
    expect(slugProblem('a'.repeat(41))).toBe('At most 40 characters.');
    expect(slugProblem('Bad_slug')).toMatch(/^Lower-case letters/);
    expect(slugProblem('double--hyphen')).toMatch(/^Lower-case letters/);
    expect(slugProblem('-edge')).toMatch(/^Lower-case letters/);
    // Reserved words are the API's rule; the wizard asks it (slug-availability).
    expect(slugProblem('oauth')).toBeNull();
    expect(slugProblem('weather')).toBeNull();
  });
});
