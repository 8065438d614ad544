import type { UpstreamPreset } from '@bmm/spec';
import { UPSTREAM_PRESETS } from '@bmm/spec';
import { describe, expect, it } from 'vitest';
import { processTokenResponse, resolveUpstream, startAuthorization, UpstreamOAuthError } from './client.js';
import { PRESETS } from './presets.js';

const network = { allowPrivateNetwork: false };
const creds = { clientId: 'app-id', clientSecret: 'app-secret' };

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function parse(
  preset: UpstreamPreset,
  response: Response,
  kind: 'authorization_code' | 'refresh_token' = 'authorization_code',
) {
  const up = await resolveUpstream(
    { id: preset, name: preset, preset, scopes: [], clientIdSecret: 'X_ID' },
    network,
  );
  return (await processTokenResponse(up, creds, response, kind)).tokens;
}

/** A typical successful token response of each provider, as documented by it. */
const SUCCESS: Record<UpstreamPreset, { body: unknown; expect: Record<string, unknown> }> = {
  github: {
    // No token_type in some responses (GitHub Apps), comma-separated scopes.
    body: { access_token: 'gho_abc', scope: 'repo,read:user' },
    expect: {
      accessToken: 'gho_abc',
      tokenType: 'Bearer',
      scopes: ['repo', 'read:user'],
      refreshToken: null,
      expiresAt: null,
    },
  },
  google: {
    body: {
      access_token: 'ya29.x',
      expires_in: 3599,
      refresh_token: '1//r',
      scope: 'openid email',
      token_type: 'Bearer',
    },
    expect: { accessToken: 'ya29.x', tokenType: 'Bearer', refreshToken: '1//r', scopes: ['openid', 'email'] },
  },
  slack: {
    body: {
      ok: true,
      access_token: 'xoxb-bot',
      token_type: 'bot',
      scope: 'commands',
      team: { id: 'T1', name: 'Acme' },
      authed_user: {
        id: 'U1',
        scope: 'chat:write,channels:read',
        access_token: 'xoxp-user',
        token_type: 'user',
      },
    },
    expect: {
      accessToken: 'xoxp-user',
      tokenType: 'Bearer',
      scopes: ['chat:write', 'channels:read'],
      account: { id: 'U1', label: 'Acme' },
    },
  },
  notion: {
    body: {
      access_token: 'ntn_secret',
      bot_id: 'b1',
      workspace_id: 'w1',
      workspace_name: 'Acme HQ',
      owner: { type: 'user', user: { id: 'nu1', name: 'Ada', person: { email: 'ada@acme.test' } } },
    },
    expect: {
      accessToken: 'ntn_secret',
      tokenType: 'Bearer',
      account: { id: 'nu1', label: 'ada@acme.test' },
    },
  },
  linear: {
    body: { access_token: 'lin_oauth_x', token_type: 'Bearer', expires_in: 86399, scope: 'read write' },
    expect: { accessToken: 'lin_oauth_x', tokenType: 'Bearer', scopes: ['read', 'write'] },
  },
  atlassian: {
    body: {
      access_token: 'eyJ.a',
      expires_in: 3600,
      token_type: 'Bearer',
      refresh_token: 'r1',
      scope: 'read:jira-work offline_access',
    },
    expect: { accessToken: 'eyJ.a', refreshToken: 'r1', scopes: ['read:jira-work', 'offline_access'] },
  },
  microsoft: {
    // The ID Token's iss is the user's tenant, not `common`: it is dropped, not validated.
    body: {
      token_type: 'Bearer',
      scope: 'User.Read',
      expires_in: 3599,
      access_token: 'EwB',
      refresh_token: 'M.r',
      id_token: 'not.a.jwt',
    },
    expect: { accessToken: 'EwB', refreshToken: 'M.r', scopes: ['User.Read'] },
  },
  gitlab: {
    body: {
      access_token: 'glpat',
      token_type: 'Bearer',
      expires_in: 7200,
      refresh_token: 'glr',
      scope: 'read_user api',
      created_at: 1,
    },
    expect: { accessToken: 'glpat', refreshToken: 'glr', scopes: ['read_user', 'api'] },
  },
};

describe('preset token responses', () => {
  it('has a preset for every name the spec schema allows', () => {
    expect(Object.keys(PRESETS).sort()).toEqual([...UPSTREAM_PRESETS].sort());
  });

  it.each(UPSTREAM_PRESETS)('%s: parses a successful token response', async (preset) => {
    const { body, expect: wanted } = SUCCESS[preset];
    const tokens = await parse(preset, json(body));
    expect(tokens).toMatchObject(wanted);
    if ((body as { expires_in?: number }).expires_in)
      expect(tokens.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });

  it.each(UPSTREAM_PRESETS)('%s: a standard 400 error becomes an UpstreamOAuthError', async (preset) => {
    const err = await parse(preset, json({ error: 'invalid_grant', error_description: 'gone' }, 400)).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(UpstreamOAuthError);
    expect(err).toMatchObject({ error: 'invalid_grant', description: 'gone' });
  });

  it('github: an error answered with status 200 is an error', async () => {
    const err = await parse(
      'github',
      json({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' }),
    ).catch((e) => e);
    expect(err).toMatchObject({ error: 'bad_verification_code' });
  });

  it('github: a form-encoded answer (no Accept: application/json) is understood', async () => {
    const tokens = await parse(
      'github',
      new Response('access_token=gho_form&scope=repo%2Cgist&token_type=bearer', {
        status: 200,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(tokens).toMatchObject({ accessToken: 'gho_form', scopes: ['repo', 'gist'], tokenType: 'Bearer' });
  });

  it('github: an expiring user token with a refresh token', async () => {
    const tokens = await parse(
      'github',
      json({
        access_token: 'ghu_1',
        expires_in: 28800,
        refresh_token: 'ghr_1',
        refresh_token_expires_in: 15811200,
        scope: '',
        token_type: 'bearer',
      }),
      'refresh_token',
    );
    expect(tokens).toMatchObject({ accessToken: 'ghu_1', refreshToken: 'ghr_1', scopes: [] });
  });

  it('slack: ok:false with status 200 is an error', async () => {
    const err = await parse('slack', json({ ok: false, error: 'invalid_code' })).catch((e) => e);
    expect(err).toMatchObject({ error: 'invalid_code' });
  });

  it('slack: a response with only a bot token is refused (the server acts per user)', async () => {
    const err = await parse(
      'slack',
      json({ ok: true, access_token: 'xoxb', token_type: 'bot', authed_user: { id: 'U1' } }),
    ).catch((e) => e);
    expect(err).toMatchObject({ error: 'invalid_grant' });
  });

  it('slack: a rotated user token at the top level (refresh)', async () => {
    const tokens = await parse(
      'slack',
      json({
        ok: true,
        access_token: 'xoxe.xoxp-2',
        token_type: 'user',
        refresh_token: 'xoxe-1-r',
        expires_in: 43200,
      }),
      'refresh_token',
    );
    expect(tokens).toMatchObject({
      accessToken: 'xoxe.xoxp-2',
      tokenType: 'Bearer',
      refreshToken: 'xoxe-1-r',
    });
  });

  it('a response without access_token is refused', async () => {
    const err = await parse('google', json({ token_type: 'Bearer' })).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamOAuthError);
  });
});

describe('authorization requests', () => {
  it('slack asks for user scopes with user_scope, comma-separated', async () => {
    const up = await resolveUpstream(
      { id: 's', name: 'Slack', preset: 'slack', scopes: [], clientIdSecret: 'X' },
      network,
    );
    const start = await startAuthorization(up, creds, {
      redirectUri: 'https://bmm.test/oauth/upstream/callback',
      scopes: ['chat:write', 'channels:read'],
    });
    const url = new URL(start.url);
    expect(url.searchParams.get('user_scope')).toBe('chat:write,channels:read');
    expect(url.searchParams.get('scope')).toBeNull();
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(start.state);
  });

  it('google asks for offline access and a nonce with openid; explicit authorizeParams win', async () => {
    const up = await resolveUpstream(
      {
        id: 'g',
        name: 'Google',
        preset: 'google',
        scopes: [],
        clientIdSecret: 'X',
        authorizeParams: { prompt: 'select_account' },
      },
      network,
    );
    const start = await startAuthorization(up, creds, {
      redirectUri: 'https://bmm.test/cb',
      scopes: ['openid', 'email'],
    });
    const url = new URL(start.url);
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('select_account');
    expect(url.searchParams.get('scope')).toBe('openid email');
    expect(url.searchParams.get('nonce')).toBe(start.nonce);
    expect(start.nonce).toBeTruthy();
  });

  it('explicit endpoint URLs override the preset', async () => {
    const up = await resolveUpstream(
      {
        id: 'ghe',
        name: 'GitHub Enterprise',
        preset: 'github',
        authorizationUrl: 'https://ghe.acme.test/login/oauth/authorize',
        tokenUrl: 'https://ghe.acme.test/login/oauth/access_token',
        scopes: ['repo'],
        clientIdSecret: 'X',
      },
      network,
    );
    expect(up.as.authorization_endpoint).toBe('https://ghe.acme.test/login/oauth/authorize');
    expect(up.as.token_endpoint).toBe('https://ghe.acme.test/login/oauth/access_token');
    expect(up.quirks.errorsWith200).toBe(true);
  });

  it('refuses plain-http endpoints unless private networks are allowed', async () => {
    const spec = {
      id: 'local',
      name: 'Local',
      authorizationUrl: 'http://127.0.0.1:9/authorize',
      tokenUrl: 'http://127.0.0.1:9/token',
      scopes: [],
      clientIdSecret: 'X',
    };
    await expect(resolveUpstream(spec, network)).rejects.toThrow(/https/);
    await expect(resolveUpstream(spec, { allowPrivateNetwork: true })).resolves.toBeTruthy();
  });
});
