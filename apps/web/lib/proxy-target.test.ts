import { afterEach, describe, expect, it, vi } from 'vitest';
import { webEnv } from './env';
import { proxyTarget } from './proxy-target';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('proxyTarget', () => {
  it('forwards the API and an issuer without a path', () => {
    vi.stubEnv('API_URL', 'https://api.example.com/');
    vi.stubEnv('OAUTH_ISSUER', 'https://auth.example.com');
    const env = webEnv();
    expect(proxyTarget('/v1/servers', '?x=1', env)).toBe('https://api.example.com/v1/servers?x=1');
    expect(proxyTarget('/oauth/token', '', env)).toBe('https://auth.example.com/token');
    expect(proxyTarget('/oauth/interaction/abc/approve', '', env)).toBe(
      'https://auth.example.com/interaction/abc/approve',
    );
    expect(proxyTarget('/.well-known/oauth-authorization-server', '', env)).toBe(
      'https://auth.example.com/.well-known/oauth-authorization-server',
    );
  });

  it('keeps the issuer path and prefers the internal URLs', () => {
    vi.stubEnv('API_URL', 'https://example.com');
    vi.stubEnv('API_INTERNAL_URL', 'http://api:4000');
    vi.stubEnv('OAUTH_ISSUER', 'https://example.com/oauth');
    vi.stubEnv('OAUTH_INTERNAL_URL', 'http://oauth-as:4001');
    const env = webEnv();
    expect(proxyTarget('/v1/me', '', env)).toBe('http://api:4000/v1/me');
    expect(proxyTarget('/oauth/authorize', '?client_id=c', env)).toBe(
      'http://oauth-as:4001/oauth/authorize?client_id=c',
    );
    expect(proxyTarget('/oauth/.well-known/oauth-authorization-server', '', env)).toBe(
      'http://oauth-as:4001/oauth/.well-known/oauth-authorization-server',
    );
    expect(proxyTarget('/.well-known/openid-configuration/oauth', '', env)).toBe(
      'http://oauth-as:4001/.well-known/openid-configuration/oauth',
    );
  });

  it('leaves the consent page and every other page to the web app', () => {
    const env = webEnv();
    for (const path of [
      '/oauth/consent',
      '/oauth',
      '/v1x',
      '/dashboard',
      '/.well-known/security.txt',
      '/docs/oauth',
    ])
      expect(proxyTarget(path, '', env)).toBeNull();
  });
});
