import { describe, expect, it } from 'vitest';
import { checkToolJson, NEW_TOOL_TEMPLATE, slugify, slugProblem } from './tool-check';

const valid = {
  name: 'get_forecast',
  description: 'The forecast.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
  annotations: { readOnlyHint: true },
  impl: { kind: 'http', method: 'GET', url: 'https://api.example.com/forecast' },
};

describe('checkToolJson', () => {
  it('accepts a valid tool and the editor template', () => {
    expect(checkToolJson(JSON.stringify(valid))).toEqual({ ok: true, tool: valid });
    expect(checkToolJson(NEW_TOOL_TEMPLATE).ok).toBe(true);
  });

  it('flags patterns the servers refuse (RE2: no backreferences, no lookaround)', () => {
    const tool = {
      ...valid,
      inputSchema: {
        type: 'object',
        properties: {
          a: { type: 'string', pattern: '^(a)\\1$' },
          b: { type: 'string', pattern: '^(?!admin)' },
          c: { type: 'string', pattern: '^(a+)+$' },
          d: { type: 'object', patternProperties: { '(?<=x)y': {} } },
        },
      },
    };
    const r = checkToolJson(JSON.stringify(tool));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.split(':')[0])).toEqual([
      'inputSchema.properties.a.pattern',
      'inputSchema.properties.b.pattern',
      'inputSchema.properties.d.patternProperties["(?<=x)y"]',
    ]);
  });

  it('explains broken JSON', () => {
    const r = checkToolJson('{"name": ');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatch(/^Not valid JSON: /);
  });

  it('lists every problem of a tool at once', () => {
    const r = checkToolJson(
      JSON.stringify({
        name: 'has space',
        description: '',
        inputSchema: { type: 'string' },
        annotations: { readOnlyHint: 'yes', fastHint: true },
        impl: { kind: 'http', method: 'FETCH', url: 'ftp://x' },
        extra: 1,
      }),
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        'Unknown property "extra".',
        'name: 1–64 letters, digits, "_", "." or "-".',
        'description: a non-empty sentence (at most 2000 characters).',
        'inputSchema: a JSON Schema with "type": "object".',
        'annotations.readOnlyHint: true or false.',
        'annotations: unknown hint "fastHint".',
        'impl.method: GET, POST, PUT, PATCH or DELETE.',
        'impl.url: an http(s) URL.',
      ],
    });
  });

  it('refuses a name another tool already has', () => {
    const r = checkToolJson(JSON.stringify(valid), ['get_forecast']);
    expect(r).toEqual({ ok: false, errors: ['name: another tool is already called "get_forecast".'] });
  });

  it('requires code tools to carry their source', () => {
    const r = checkToolJson(JSON.stringify({ ...valid, impl: { kind: 'code', source: '  ' } }));
    expect(r).toEqual({ ok: false, errors: ['impl.source: the module source.'] });
  });
});

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
