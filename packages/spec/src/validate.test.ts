import { describe, expect, it } from 'vitest';
import { renderString, renderValue, serverScopes, specHash, validateSpec } from './index.js';
import type { ServerSpec } from './types.js';

const valid = (): ServerSpec => ({
  name: 'Weather',
  slug: 'weather',
  description: 'Forecasts',
  secrets: [{ name: 'API_KEY', description: 'key', required: true }],
  tools: [
    {
      name: 'forecast',
      description: 'Forecast for a city',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      scopes: ['weather:read'],
      impl: {
        kind: 'http',
        method: 'GET',
        url: 'https://api.example.com/v1/{{input.city}}',
        headers: { Authorization: 'Bearer {{secrets.API_KEY}}' },
      },
      examples: [{ input: { city: 'Paris' } }],
    },
    {
      name: 'add',
      description: 'Adds',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
      impl: { kind: 'code', source: 'export default async ({a, b}) => a + b' },
    },
  ],
});

describe('validateSpec', () => {
  it('accepts a valid spec', () => {
    expect(validateSpec(valid())).toEqual({ ok: true, spec: valid() });
  });

  it('reports structural problems with paths', () => {
    const spec: any = valid();
    spec.slug = 'Bad Slug';
    spec.tools[0].impl.method = 'FETCH';
    spec.extra = 1;
    const r = validateSpec(spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toContainEqual({ path: '/slug', message: expect.stringContaining('pattern') });
    expect(r.issues).toContainEqual({
      path: '/tools/0/impl/method',
      message: expect.stringContaining('allowed'),
    });
    expect(r.issues).toContainEqual({ path: '/', message: 'has an unknown property "extra"' });
    // the code branch of impl must not be reported for an http impl
    expect(r.issues.some((i) => i.message.includes('"source"'))).toBe(false);
  });

  it('reports undeclared secrets, unknown inputs, duplicate names, bad schemas and examples', () => {
    const spec: any = valid();
    spec.tools[0].impl.headers.Authorization = 'Bearer {{secrets.NOPE}}';
    spec.tools[0].impl.url = 'https://api.example.com/{{input.town}}';
    spec.tools[1].name = 'forecast';
    spec.tools[1].inputSchema = { type: 'object', properties: { a: { type: 'nonsense' } } };
    spec.tools[0].examples = [{ input: { city: 3 } }];
    const r = validateSpec(spec);
    if (r.ok) throw new Error('expected issues');
    const messages = r.issues.map((i) => `${i.path} ${i.message}`);
    expect(messages).toContainEqual(expect.stringContaining('/tools/0/impl/headers uses {{secrets.NOPE}}'));
    expect(messages).toContainEqual(expect.stringContaining('/tools/0/impl/url uses {{input.town}}'));
    expect(messages).toContainEqual('/tools/1/name duplicate tool name "forecast"');
    expect(messages).toContainEqual(
      expect.stringContaining('/tools/1/inputSchema is not a valid JSON Schema'),
    );
    expect(messages).toContainEqual(expect.stringContaining('/tools/0/examples/0/input does not match'));
  });

  it('refuses a placeholder in the host', () => {
    const spec: any = valid();
    spec.tools[0].impl.url = 'https://{{input.city}}.example.com/';
    const r = validateSpec(spec);
    expect(r.ok).toBe(false);
  });
});

describe('templates, scopes, hash', () => {
  it('renders strings and typed values', () => {
    const ctx = { input: { id: 'a b', n: 3, o: { x: 1 } }, secrets: { K: 's' } };
    expect(renderString('/items/{{input.id}}', ctx, encodeURIComponent)).toBe('/items/a%20b');
    expect(
      renderValue({ n: '{{input.n}}', s: 'k={{secrets.K}}', o: '{{input.o}}', gone: '{{input.zz}}' }, ctx),
    ).toEqual({
      n: 3,
      s: 'k=s',
      o: { x: 1 },
    });
  });
  it('collects scopes', () => {
    expect(serverScopes(valid())).toEqual(['mcp:tools', 'weather:read']);
  });
  it('hashes canonically', () => {
    expect(specHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(specHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(specHash({ a: 1 })).not.toBe(specHash({ a: 2 }));
  });
});
