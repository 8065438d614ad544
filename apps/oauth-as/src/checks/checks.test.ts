import { isPrivateAddress } from '@bmm/http/outbound';
import { describe, expect, it } from 'vitest';
import { cacheSeconds } from '../clients/cimd.js';
import { validateClientMetadata } from '../clients/metadata.js';
import { issuerUrls } from '../lib/urls.js';
import { checkPkceChallenge, checkPkceVerifier } from './check-pkce.js';
import { checkRedirectUriAllowed, redirectUriMatches } from './check-redirect-uri.js';

describe('redirect URIs', () => {
  it.each([
    'https://app.example/cb',
    'http://localhost:1234/cb',
    'http://127.0.0.1/cb',
    'http://[::1]:9/cb',
    'claude://oauth/callback',
    'cursor://anysphere.cursor-retrieval/oauth/callback',
  ])('allows %s', (uri) => expect(checkRedirectUriAllowed(uri)).toBe(uri));

  it.each([
    ['http://example.com/cb', 'only allowed on loopback'],
    ['http://localhost.evil.com/cb', 'only allowed on loopback'],
    ['javascript:alert(1)', 'not allowed'],
    ['data:text/html,x', 'not allowed'],
    ['https://app.example/cb#x', 'fragment'],
    ['https://user:pw@app.example/cb', 'credentials'],
    ['http://:pw@127.0.0.1:8080/cb', 'credentials'],
    ['http://u:p@127.0.0.1/cb', 'credentials'],
    ['http://user@localhost/cb', 'credentials'],
    ['http://@127.0.0.1/cb', 'credentials'],
    ['/relative', 'not an absolute URI'],
  ])('refuses %s', (uri, words) => expect(() => checkRedirectUriAllowed(uri)).toThrow(words));

  it('matches exactly, with any port only for loopback http', () => {
    expect(redirectUriMatches(['https://app.example/cb'], 'https://app.example/cb')).toBe(true);
    expect(redirectUriMatches(['https://app.example/cb'], 'https://app.example/cb/')).toBe(false);
    expect(redirectUriMatches(['https://app.example/cb'], 'https://app.example:8443/cb')).toBe(false);
    expect(redirectUriMatches(['http://127.0.0.1:1/cb'], 'http://127.0.0.1:2/cb')).toBe(true);
    expect(redirectUriMatches(['http://127.0.0.1:1/cb'], 'http://127.0.0.1:2/cb?x=1')).toBe(false);
    expect(redirectUriMatches(['http://127.0.0.1:1/cb'], 'http://localhost:1/cb')).toBe(false);
  });

  it('never matches a loopback redirect that carries userinfo, on any port', () => {
    for (const uri of [
      'http://:pw@127.0.0.1:2/cb',
      'http://u:p@127.0.0.1:2/cb',
      'http://user@127.0.0.1:2/cb',
      'http://@127.0.0.1:2/cb',
      'http://:pw@127.0.0.1:1/cb',
    ])
      expect(redirectUriMatches(['http://127.0.0.1:1/cb'], uri), uri).toBe(false);
  });
});

describe('PKCE', () => {
  // RFC 7636 Appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
  it('accepts S256 and the matching verifier only', () => {
    expect(checkPkceChallenge({ code_challenge: challenge, code_challenge_method: 'S256' })).toBe(challenge);
    expect(() => checkPkceVerifier(verifier, challenge)).not.toThrow();
    expect(() => checkPkceVerifier('b'.repeat(43), challenge)).toThrow('does not match');
    expect(() => checkPkceVerifier('short', challenge)).toThrow('malformed');
    expect(() =>
      checkPkceChallenge({ code_challenge: 'x'.repeat(10), code_challenge_method: 'S256' }),
    ).toThrow('43');
  });
});

describe('network guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
  ])('treats %s as non-public', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'])('treats %s as public', (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );
});

describe('CIMD cache lifetime', () => {
  it('follows Cache-Control, capped at 24 h', () => {
    expect(cacheSeconds('max-age=600')).toBe(600);
    expect(cacheSeconds('public, max-age=999999')).toBe(86_400);
    expect(cacheSeconds('no-store')).toBe(0);
    expect(cacheSeconds(undefined)).toBe(3600);
  });
});

describe('client metadata', () => {
  it('applies RFC 7591 defaults', () => {
    expect(validateClientMetadata({ redirect_uris: ['https://a.example/cb'] })).toMatchObject({
      client_name: 'Unnamed client',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
  });
  it('refuses non-https logos and unknown auth methods', () => {
    expect(() =>
      validateClientMetadata({ redirect_uris: ['https://a.example/cb'], logo_uri: 'http://x/y.png' }),
    ).toThrow('logo_uri must be an https URL');
    expect(() =>
      validateClientMetadata({
        redirect_uris: ['https://a.example/cb'],
        token_endpoint_auth_method: 'tls_client_auth',
      }),
    ).toThrow('token_endpoint_auth_method');
  });
});

describe('issuer URLs', () => {
  it('puts endpoints under the issuer path and metadata at inserted and appended paths', () => {
    const u = issuerUrls('https://example.com/oauth');
    expect(u.token).toBe('https://example.com/oauth/token');
    expect(u.metadataPaths).toEqual([
      '/.well-known/oauth-authorization-server/oauth',
      '/.well-known/openid-configuration/oauth',
      '/oauth/.well-known/oauth-authorization-server',
      '/oauth/.well-known/openid-configuration',
    ]);
    expect(issuerUrls('https://example.com').metadataPaths).toEqual([
      '/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration',
    ]);
  });
});
