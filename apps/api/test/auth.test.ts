import { sha256 } from '@bmm/crypto';
import { SESSION_COOKIE } from '@bmm/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, Browser, CONFIG, PASSWORD, signUp, startApi, type TestApp, WEB } from './helpers.js';

let api: TestApp;
beforeAll(async () => {
  api = await startApi({ rateLimits: { authPerIp: 1000, loginPerEmail: 3, windowMs: 60_000 } });
});
afterAll(() => api.close());

describe('signup', () => {
  it('creates the user, a personal org with them as owner, and a session cookie', async () => {
    const browser = new Browser(api.app);
    const res = await browser.call('POST', '/v1/auth/signup', {
      email: '  Grace@Example.COM ',
      password: 'a long enough password',
      name: 'Grace',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toEqual({ id: expect.any(String), email: 'grace@example.com', name: 'Grace' });
    expect(body.verification).toEqual({ sentTo: 'grace@example.com', delivery: 'email' });
    expect(body.org).toMatchObject({ name: "Grace's workspace", plan: 'free', role: 'owner' });
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.value).toMatch(/^bmm_sess_/);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.maxAge).toBe(30 * 24 * 3600);
    const stored = await api.t.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', body.user.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(sha256(cookie.value));
    const user = await api.t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', body.user.id)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await auditActions(api.t, body.org.id)).toEqual(['user.signup', 'org.create']);

    const me = await browser.call('GET', '/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      // Whether this is the file's first account (an instance admin) is admin.test.ts's business.
      user: { ...body.user, emailVerified: false, instanceAdmin: expect.any(Boolean) },
      orgs: [{ id: body.org.id, name: "Grace's workspace", plan: 'free', role: 'owner' }],
      activeOrgId: body.org.id,
      emailDelivery: 'email',
    });
  });

  it('answers a sign-up with an existing email (any case) exactly like a new one and emails the owner', async () => {
    const { email, userId } = await signUp(api.app);
    const fresh = await new Browser(api.app).call('POST', '/v1/auth/signup', {
      email: `fresh-${Date.now()}@example.com`,
      password: PASSWORD,
      name: 'Copy',
    });
    const copy = await new Browser(api.app).call('POST', '/v1/auth/signup', {
      email: email.toUpperCase(),
      password: PASSWORD,
      name: 'Copy',
    });
    expect(copy.statusCode).toBe(fresh.statusCode);
    expect(copy.statusCode).toBe(201);
    const shape = (v: unknown): unknown =>
      v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
        : typeof v;
    expect(shape(copy.json())).toEqual(shape(fresh.json()));
    expect(copy.json().user.id).not.toBe(userId);
    expect(copy.json().verification).toEqual({ sentTo: email, delivery: 'email' });
    expect(copy.headers['content-type']).toBe(fresh.headers['content-type']);
    expect(copy.cookies.map((c) => c.name)).toEqual(fresh.cookies.map((c) => c.name));
    // Nothing was created for the copy; its owner hears about the attempt instead.
    const users = await api.t.db.selectFrom('users').select('id').where('email', '=', email).execute();
    expect(users).toEqual([{ id: userId }]);
    const notice = await api.smtp.waitFor(email, (m) => m.subject.includes('tried to sign up'));
    expect(notice.text).toContain('nothing was created');
    expect(notice.text).not.toContain('verify-email');
  });

  it.each([
    [{ email: 'x@example.com', password: 'short', name: 'X' }, 'validation_failed', 'body.password'],
    [{ email: 'not-an-email', password: PASSWORD, name: 'X' }, 'invalid_email', 'body.email'],
    [
      { email: 'same@example.com', password: 'Same@Example.com', name: 'X' },
      'weak_password',
      'body.password',
    ],
    [{ email: 'x@example.com', password: PASSWORD }, 'validation_failed', 'body.name'],
  ])('rejects %j with %s on %s', async (payload, code, field) => {
    const res = await new Browser(api.app).call('POST', '/v1/auth/signup', payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe(code);
    expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field);
  });
});

describe('login and logout', () => {
  it('signs in with the right password and gives one generic error otherwise', async () => {
    const { email, userId } = await signUp(api.app);
    const browser = new Browser(api.app);
    const wrong = await browser.call('POST', '/v1/auth/login', { email, password: 'wrong password!' });
    const unknown = await browser.call('POST', '/v1/auth/login', {
      email: 'nobody@example.com',
      password: PASSWORD,
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials', detail: 'Wrong email or password.' });
    expect(unknown.json()).toEqual(wrong.json());
    const ok = await browser.call('POST', '/v1/auth/login', {
      email: email.toUpperCase(),
      password: PASSWORD,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(userId);
    expect((await browser.call('GET', '/v1/me')).statusCode).toBe(200);

    const out = await browser.call('POST', '/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(browser.cookie).toBe('');
    const sessions = await api.t.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userId)
      .execute();
    expect(sessions).toHaveLength(1); // the signup session only
  });

  it('limits login attempts per email', async () => {
    const { email } = await signUp(api.app);
    const browser = new Browser(api.app);
    for (let i = 0; i < 3; i++) {
      expect(
        (await browser.call('POST', '/v1/auth/login', { email, password: 'wrong password!' })).statusCode,
      ).toBe(401);
    }
    const limited = await browser.call('POST', '/v1/auth/login', { email, password: PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
  });

  it('limits auth calls per IP', async () => {
    const strict = await startApi({ rateLimits: { authPerIp: 2 } });
    try {
      const payload = { email: 'a@example.com', password: 'wrong password!' };
      const codes = [];
      for (let i = 0; i < 3; i++)
        codes.push((await strict.app.inject({ method: 'POST', url: '/v1/auth/login', payload })).statusCode);
      expect(codes).toEqual([401, 401, 429]);
    } finally {
      await strict.close();
    }
  });

  it('ends the session when its expiry passed', async () => {
    const { browser, userId } = await signUp(api.app);
    await api.t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', userId)
      .execute();
    const res = await browser.call('GET', '/v1/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('session_expired');
  });

  it('slides the expiry of a session in use', async () => {
    const { browser, userId } = await signUp(api.app);
    const old = new Date(Date.now() - 2 * 60_000);
    await api.t.db
      .updateTable('sessions')
      .set({ last_seen_at: old, expires_at: new Date(Date.now() + 60_000) })
      .where('user_id', '=', userId)
      .execute();
    const res = await browser.call('GET', '/v1/me');
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.maxAge).toBe(30 * 24 * 3600);
    const row = await api.t.db
      .selectFrom('sessions')
      .select('expires_at')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row.expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
  });
});

describe('CSRF and CORS', () => {
  it('refuses cookie-authenticated changes without a trusted Origin or Referer', async () => {
    const { browser } = await signUp(api.app);
    const noOrigin = await api.app.inject({
      method: 'PATCH',
      url: '/v1/me/org',
      headers: { cookie: browser.cookie },
      payload: { name: 'x' },
    });
    expect(noOrigin.statusCode).toBe(403);
    expect(noOrigin.json().code).toBe('csrf_failed');
    const evil = await browser.call('PATCH', '/v1/me/org', { name: 'x' }, { origin: 'http://evil.test' });
    expect(evil.json().code).toBe('csrf_failed');
    const referer = await api.app.inject({
      method: 'PATCH',
      url: '/v1/me/org',
      headers: { cookie: browser.cookie, referer: 'http://extra.test/settings' },
      payload: { name: 'Via referer' },
    });
    expect(referer.statusCode).toBe(200);
    const get = await api.app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: browser.cookie } });
    expect(get.statusCode).toBe(200);
  });

  it('allows credentials for the web origin only', async () => {
    const trusted = await api.app.inject({
      method: 'OPTIONS',
      url: '/v1/me',
      headers: { origin: WEB, 'access-control-request-method': 'GET' },
    });
    expect(trusted.headers['access-control-allow-origin']).toBe(WEB);
    expect(trusted.headers['access-control-allow-credentials']).toBe('true');
    const other = await api.app.inject({
      method: 'OPTIONS',
      url: '/v1/me',
      headers: { origin: 'http://ci.test', 'access-control-request-method': 'GET' },
    });
    expect(other.headers['access-control-allow-origin']).toBe('*');
    expect(other.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('answers unauthenticated calls with 401 problem+json', async () => {
    const res = await api.app.inject('/v1/me');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });
});

describe('deployment settings', () => {
  it('marks the session cookie Secure behind https and sends security headers', async () => {
    const https = await startApi({
      config: { ...CONFIG, WEB_URL: 'https://app.example', API_URL: 'https://app.example' },
    });
    try {
      const res = await https.app.inject({
        method: 'POST',
        url: '/v1/auth/signup',
        headers: { origin: 'https://app.example' },
        payload: { email: 'secure@example.com', password: PASSWORD, name: 'Sec' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      const crossSite = await https.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        headers: { origin: WEB },
        payload: { email: 'secure@example.com', password: PASSWORD },
      });
      expect(crossSite.json()).toMatchObject({ status: 403, code: 'csrf_failed' });
    } finally {
      await https.close();
    }
  });
});
