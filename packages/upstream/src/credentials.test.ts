import { platformUpstreamApps, UPSTREAM_APP_PRESETS } from '@bmm/config';
import { type ServerSpec, UPSTREAM_PRESETS, type UpstreamSpec } from '@bmm/spec';
import { describe, expect, it } from 'vitest';
import { clientCredentials, requiredScopes, scopesCovered, upstreamsOfTool } from './index.js';

const github: UpstreamSpec = {
  id: 'github',
  name: 'GitHub',
  preset: 'github',
  scopes: ['read:user'],
  clientIdSecret: 'GH_ID',
  clientSecretSecret: 'GH_SECRET',
};

describe('OAuth app credentials', () => {
  const apps = platformUpstreamApps({
    UPSTREAM_GITHUB_CLIENT_ID: 'platform-id',
    UPSTREAM_GITHUB_CLIENT_SECRET: 'platform-secret',
  });

  it("uses the server's own app when its secrets hold a client id", () => {
    expect(clientCredentials(github, { GH_ID: 'own-id', GH_SECRET: 'own-secret' }, apps)).toEqual({
      clientId: 'own-id',
      clientSecret: 'own-secret',
    });
  });

  it("falls back to the platform's app for the preset, and to nothing without one", () => {
    expect(clientCredentials(github, {}, apps)).toEqual({
      clientId: 'platform-id',
      clientSecret: 'platform-secret',
    });
    expect(clientCredentials({ ...github, preset: 'gitlab' }, {}, apps)).toBeNull();
    expect(
      clientCredentials({ ...github, preset: undefined, issuer: 'https://as.example.com' }, {}, apps),
    ).toBeNull();
  });

  it('the config knows every preset the spec allows', () => {
    expect([...UPSTREAM_APP_PRESETS]).toEqual([...UPSTREAM_PRESETS]);
  });
});

describe('scopes a tool needs', () => {
  const spec = {
    upstreams: [github],
    tools: [
      {
        name: 'issues',
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://api.github.com/issues',
          headers: { A: 'Bearer {{upstream.github.accessToken}}' },
        },
      },
      { name: 'push', upstreamScopes: { github: ['repo'] }, impl: { kind: 'code', source: '' } },
    ],
  } as unknown as ServerSpec;

  it('base scopes plus the tool’s, or plus every tool’s at consent', () => {
    expect(requiredScopes(spec, 'github', spec.tools[0])).toEqual(['read:user']);
    expect(requiredScopes(spec, 'github', spec.tools[1])).toEqual(['read:user', 'repo']);
    expect(requiredScopes(spec, 'github')).toEqual(['read:user', 'repo']);
    expect(scopesCovered(['read:user', 'repo'], ['repo', 'read:user', 'gist'])).toBe(true);
    expect(scopesCovered(['read:user', 'repo'], ['read:user'])).toBe(false);
  });

  it('finds the upstreams of http templates and upstreamScopes', () => {
    expect(upstreamsOfTool(spec.tools[0]!)).toEqual(['github']);
    expect(upstreamsOfTool(spec.tools[1]!)).toEqual(['github']);
  });
});
