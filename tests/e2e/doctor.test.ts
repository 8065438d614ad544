import { buildApp as buildApi } from '@bmm/api/app';
import { createDb } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { createPlanner } from '@bmm/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatorSpec, deployHostedServer } from '../support/hosted.ts';
import { Session } from '../support/http.ts';
import { type Fault, type OAuthFixture, startOAuthFixture } from '../support/oauth-fixture.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

interface Step {
  id: string;
  status: 'pass' | 'warn' | 'fail' | 'skip';
  clause: string;
  detail: string;
  evidence: Array<{
    request: string;
    status: number | null;
    headers: Record<string, string>;
    fields?: Record<string, unknown>;
  }>;
}

const statuses = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.id, s.status]));

// Our own runner and AS must pass every check, with the issuer at the root and under a path.
describe.each([
  ['an issuer at the root', ''],
  ['an issuer with a path', '/oauth'],
])('the auth doctor against our own hosted server, %s', (_label, issuerPath) => {
  let platform: Platform;
  let user: Session;
  let mcpUrl: string;
  beforeAll(async () => {
    platform = await startPlatform({ issuerPath });
    user = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
    const { org } = await user.signUp(`doctor${issuerPath.replace('/', '-')}@example.com`);
    const slug = `doctor-calc${issuerPath.replace('/', '-')}`;
    await deployHostedServer(platform.db, org.id, calculatorSpec(slug));
    mcpUrl = `${platform.urls.RUNNER_URL}/${slug}/mcp`;
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('passes every step, and registers and deletes a throw-away client when asked', async () => {
    const res = await user.call('POST', '/v1/diagnose', { url: mcpUrl, probeRegistration: true });
    expect(res.status).toBe(200);
    const steps = res.body.steps as Step[];
    expect(
      steps.filter((s) => s.status !== 'pass').map((s) => `${s.id}: ${s.detail}`),
      JSON.stringify(steps, null, 1),
    ).toEqual([]);
    expect(res.body.summary).toEqual({ pass: steps.length, warn: 0, fail: 0, skip: 0 });
    const metadata = steps.find((s) => s.id === 'authorization_server_metadata')!;
    expect(metadata.evidence[0]!.request).toBe(
      issuerPath
        ? `GET ${new URL(platform.urls.OAUTH_ISSUER).origin}/.well-known/oauth-authorization-server${issuerPath}`
        : `GET ${platform.urls.OAUTH_ISSUER}/.well-known/oauth-authorization-server`,
    );
    // The throw-away client is gone again, and its secrets never reached the report.
    const probe = steps.find((s) => s.id === 'registration_probe')!;
    expect(probe.evidence.map((e) => e.status)).toEqual([201, 204]);
    expect(probe.evidence[0]!.fields!.registration_access_token).toBe('[redacted]');
    const clients = await platform.db.selectFrom('oauth_clients').select('client_id').execute();
    expect(clients).toEqual([]);
  });

  it('skips the registration probe unless asked, and stores nothing', async () => {
    const before = await platform.db
      .selectFrom('audit_events')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirst();
    const res = await user.call('POST', '/v1/diagnose', { url: mcpUrl });
    expect(res.status).toBe(200);
    expect(statuses(res.body.steps).registration_probe).toBe('skip');
    const after = await platform.db
      .selectFrom('audit_events')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after).toEqual(before);
  });
});

describe('the auth doctor against broken servers', () => {
  let platform: Platform;
  let user: Session;
  const fixtures: OAuthFixture[] = [];
  beforeAll(async () => {
    platform = await startPlatform();
    user = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
    await user.signUp('doctor-broken@example.com');
  });
  afterAll(async () => {
    for (const f of fixtures) await f.close();
    await platform?.stop();
  });

  async function run(faults: Fault[], probeRegistration = false) {
    const fixture = await startOAuthFixture(faults);
    fixtures.push(fixture);
    const res = await user.call('POST', '/v1/diagnose', { url: fixture.mcpUrl, probeRegistration });
    expect(res.status).toBe(200);
    return {
      fixture,
      steps: res.body.steps as Step[],
      byId: (id: string) => (res.body.steps as Step[]).find((s) => s.id === id)!,
    };
  }

  it('a correct fixture passes (the baseline every fault below departs from)', async () => {
    const { steps, fixture } = await run([], true);
    expect(steps.filter((s) => s.status !== 'pass').map((s) => s.id)).toEqual([]);
    expect(fixture.deleted).toEqual(fixture.registered);
  });

  it.each<[Fault, string, Step['status'], string]>([
    ['forbidden-instead-of-401', 'challenge', 'fail', 'RFC 9728 §5.1'],
    ['no-challenge-header', 'challenge', 'fail', 'RFC 6750 §3'],
    ['no-resource-metadata-param', 'challenge', 'warn', 'RFC 9728 §5.1'],
    ['error-without-token', 'challenge', 'warn', 'RFC 6750 §3.1'],
    ['resource-trailing-slash', 'resource_identifier', 'fail', 'RFC 9728 §3.3'],
    ['no-cors', 'resource_metadata_cors', 'warn', 'Fetch Standard'],
    ['no-authorization-servers', 'authorization_servers', 'fail', 'RFC 9728 §2'],
    ['metadata-appended-only', 'authorization_server_metadata', 'fail', 'RFC 8414 §3.1'],
    ['issuer-mismatch', 'issuer', 'fail', 'RFC 8414 §3.3'],
    ['no-s256', 'pkce_s256', 'fail', 'code_challenge_methods_supported'],
    ['no-registration', 'client_registration', 'fail', 'Client Registration'],
    ['no-iss-parameter', 'iss_parameter', 'warn', 'RFC 9207 §3'],
    ['token-endpoint-500', 'token_endpoint', 'fail', 'RFC 6749 §5.2'],
    ['invalid-token-403', 'rejected_token', 'fail', 'RFC 6750 §3.1'],
    ['modern-era-refused', 'protocol_eras', 'fail', '2026-07-28'],
    ['origin-ignored', 'origin_validation', 'warn', 'Origin'],
  ])('%s → %s is %s citing %s', async (fault, id, status, clause) => {
    const { byId } = await run([fault]);
    const step = byId(id);
    expect(step.status, step.detail).toBe(status);
    expect(step.clause).toContain(clause);
    expect(step.evidence.length).toBeGreaterThan(0);
  });

  it('the resource metadata found without the challenge parameter is still used (well-known fallback)', async () => {
    const { byId, fixture } = await run(['no-resource-metadata-param']);
    expect(byId('resource_metadata').status).toBe('pass');
    expect(byId('resource_metadata').evidence[0]!.request).toBe(
      `GET ${fixture.url}/.well-known/oauth-protected-resource/mcp`,
    );
  });

  it('refuses private addresses when the operator does not allow them, but always reaches RUNNER_URL', async () => {
    const fixture = await startOAuthFixture();
    fixtures.push(fixture);
    const db = createDb(platform.databaseUrl, { max: 2 });
    const strict = await buildApi({
      db,
      logger: createLogger({ name: 'api-strict', level: 'silent' }),
      keyring: platform.keyring,
      planner: createPlanner({}),
      config: { ...platform.urls, allowPrivateNetwork: false },
    });
    try {
      const login = await strict.inject({
        method: 'POST',
        url: '/v1/auth/login',
        headers: { origin: platform.urls.WEB_URL },
        payload: { email: 'doctor-broken@example.com', password: 'correct horse battery staple' },
      });
      const cookie = login.cookies.find((c) => c.name === 'bmm_session')!;
      const ask = (url: string) =>
        strict.inject({
          method: 'POST',
          url: '/v1/diagnose',
          headers: { origin: platform.urls.WEB_URL },
          cookies: { bmm_session: cookie.value },
          payload: { url },
        });
      for (const url of [
        fixture.mcpUrl,
        'http://localhost:9/mcp',
        'http://169.254.169.254/latest/meta-data',
        'http://[::1]:9/mcp',
      ]) {
        const refused = await ask(url);
        expect(refused.statusCode, url).toBe(400);
        expect(refused.json()).toMatchObject({ code: 'url_refused' });
      }
      const own = await ask(`${platform.urls.RUNNER_URL}/nothing-here/mcp`);
      expect(own.statusCode).toBe(200);
      // The runner was reached: it answers an unknown slug like a private server, with a challenge.
      expect(own.json().steps[0]).toMatchObject({ id: 'challenge', evidence: [{ status: 401 }] });
    } finally {
      await strict.close();
      await db.destroy();
    }
  });

  it('needs a signed-in caller and a valid http(s) URL', async () => {
    const anonymous = await fetch(`${platform.urls.API_URL}/v1/diagnose`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: platform.urls.WEB_URL },
      body: JSON.stringify({ url: 'https://example.com/mcp' }),
    });
    expect(anonymous.status).toBe(401);
    for (const url of ['ftp://example.com/mcp', 'javascript:alert(1)', 'https://user:pw@example.com/mcp']) {
      const res = await user.call('POST', '/v1/diagnose', { url });
      expect(res.status, url).toBe(400);
    }
  });
});
