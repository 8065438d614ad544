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

  describe('upstreams', () => {
    const withUpstream = (): ServerSpec => {
      const spec = valid();
      spec.secrets.push({ name: 'GH_ID', description: 'client id', required: false });
      spec.secrets.push({ name: 'GH_SECRET', description: 'client secret', required: false });
      spec.upstreams = [
        {
          id: 'github',
          name: 'GitHub',
          preset: 'github',
          scopes: ['read:user'],
          clientIdSecret: 'GH_ID',
          clientSecretSecret: 'GH_SECRET',
        },
      ];
      const impl = spec.tools[0]!.impl as { headers: Record<string, string> };
      impl.headers = { Authorization: '{{upstream.github.tokenType}} {{upstream.github.accessToken}}' };
      spec.tools[0]!.upstreamScopes = { github: ['repo'] };
      return spec;
    };

    it('accepts upstream templates and upstreamScopes naming a declared upstream', () => {
      expect(validateSpec(withUpstream())).toMatchObject({ ok: true });
    });

    it('refuses templates and upstreamScopes naming undeclared upstreams, and unknown fields', () => {
      const spec = withUpstream();
      const impl = spec.tools[0]!.impl as { headers: Record<string, string>; url: string };
      impl.headers = {
        Authorization: 'Bearer {{upstream.gitlab.accessToken}}',
        'X-R': '{{upstream.github.refreshToken}}',
      };
      spec.tools[0]!.upstreamScopes = { slack: ['chat:write'] };
      const r = validateSpec(spec);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.issues).toContainEqual({
        path: '/tools/0/impl/headers',
        message: 'uses {{upstream.gitlab.accessToken}} but the spec declares no upstream "gitlab"',
      });
      expect(r.issues).toContainEqual({
        path: '/tools/0/impl/headers',
        message: expect.stringContaining(
          'only {{upstream.github.accessToken}} and {{upstream.github.tokenType}} exist',
        ),
      });
      expect(r.issues).toContainEqual({
        path: '/tools/0/upstreamScopes/slack',
        message: 'names upstream "slack" but the spec declares no such upstream',
      });
    });

    it('refuses duplicate ids, undeclared secrets, missing endpoints and non-https endpoints', () => {
      const spec = withUpstream();
      spec.upstreams!.push(
        { id: 'github', name: 'Again', preset: 'github', scopes: [], clientIdSecret: 'NOPE_ID' },
        {
          id: 'custom',
          name: 'Custom',
          scopes: [],
          clientIdSecret: 'GH_ID',
          authorizationUrl: 'http://auth.example.com/authorize',
        },
        { id: 'local', name: 'Local', scopes: [], clientIdSecret: 'GH_ID', issuer: 'http://127.0.0.1:9000' },
      );
      const r = validateSpec(spec);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.issues).toEqual(
        expect.arrayContaining([
          { path: '/upstreams/1/id', message: 'duplicate upstream id "github"' },
          {
            path: '/upstreams/1/clientIdSecret',
            message: 'names secret NOPE_ID but the spec declares no such secret',
          },
          { path: '/upstreams/2', message: expect.stringContaining('needs a preset, an issuer') },
          { path: '/upstreams/2/authorizationUrl', message: 'must be an https URL' },
        ]),
      );
      // Plain http on a loopback host is left to the runtime network policy.
      expect(r.issues.some((i) => i.path.startsWith('/upstreams/3'))).toBe(false);
    });
  });
});
