import { signTicket } from '@bmm/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  PASSWORD,
  signUp,
  startApi,
  type TestApp,
  verificationToken,
  verifyEmail,
  WEB,
} from './helpers.js';

let api: TestApp;
beforeAll(async () => {
  api = await startApi({
    rateLimits: { authPerIp: 1000, loginPerEmail: 1000, verificationResendPerUser: 2, windowMs: 60_000 },
  });
});
afterAll(() => api.close());

const verify = (token: string) =>
  api.app.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token } });

describe('email verification', () => {
  it('emails a link over SMTP that verifies the address once', async () => {
    const person = await signUp(api.app, 'Vera', { verify: false });
    const mail = await api.smtp.waitFor(person.email, (m) => m.subject.startsWith('Verify'));
    expect(mail.from).toBe('no-reply@example.com');
    const link = mail.links.find((l) => l.startsWith(`${WEB}/verify-email?token=`));
    expect(link).toBeDefined();
    expect((await person.browser.call('GET', '/v1/me')).json().user.emailVerified).toBe(false);

    // The link is clicked (the web page posts its token), from any browser: no session needed.
    const token = new URL(link as string).searchParams.get('token') as string;
    const first = await verify(token);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ email: person.email, verified: true });
    expect((await person.browser.call('GET', '/v1/me')).json().user.emailVerified).toBe(true);
    const audit = await api.t.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id'])
      .where('resource_id', '=', person.userId)
      .where('action', '=', 'user.email_verify')
      .execute();
    expect(audit).toEqual([{ action: 'user.email_verify', actor_id: person.userId }]);

    const again = await verify(token);
    expect(again.statusCode).toBe(400);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ code: 'verification_link_invalid' });
  });

  it('refuses tampered, expired, foreign-purpose and other-address links', async () => {
    const person = await signUp(api.app, 'Tamper', { verify: false });
    const token = await verificationToken(api.app, person.email);
    const [body, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-4000-8000-000000000000' }));
    const key = api.keyring.deriveKey('email-verification');
    const cases = {
      tampered: `${forged.toString('base64url')}.${mac}`,
      expired: signTicket(key, 'email-verification', { ...claims, jti: 'ev_old' }, 60, Date.now() - 120_000),
      wrongKey: signTicket(api.keyring.deriveKey('build-log'), 'email-verification', claims, 60),
      otherAddress: signTicket(
        key,
        'email-verification',
        { ...claims, email: 'x@example.com', jti: 'ev_x' },
        60,
      ),
      garbage: 'not-a-ticket-at-all-but-long-enough',
    };
    for (const [label, bad] of Object.entries(cases)) {
      const res = await verify(bad);
      expect(res.statusCode, label).toBe(400);
      expect(res.json().code, label).toBe('verification_link_invalid');
    }
    const me = await person.browser.call('GET', '/v1/me');
    expect(me.json().user.emailVerified).toBe(false);
    expect((await verify(token)).statusCode).toBe(200);
  });

  it('resends a new link on request, a few times per window, and not once verified', async () => {
    const person = await signUp(api.app, 'Resend', { verify: false });
    const first = await verificationToken(api.app, person.email);
    const resend = () => person.browser.call('POST', '/v1/auth/verify-email/resend');
    const r1 = await resend();
    expect(r1.statusCode).toBe(202);
    expect(r1.json()).toEqual({ sentTo: person.email, delivery: 'email' });
    await api.smtp.waitFor(person.email, (m) => m.subject.startsWith('Verify') && !m.text.includes(first));
    expect((await resend()).statusCode).toBe(202);
    const limited = await resend();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    await verifyEmail(api.app, person.email);
    const done = await resend();
    expect(done.statusCode).toBe(409);
    expect(done.json()).toMatchObject({ code: 'already_verified' });
    // Signed out: nothing to resend.
    expect((await api.app.inject({ method: 'POST', url: '/v1/auth/verify-email/resend' })).statusCode).toBe(
      401,
    );
  });

  it('lets only a verified account accept an invitation to its address', async () => {
    const owner = await signUp(api.app, 'Owner');
    const invitee = await signUp(api.app, 'Invitee', { verify: false });
    const inv = await owner.browser.call('POST', '/v1/invitations', { email: invitee.email, role: 'member' });
    expect(inv.statusCode).toBe(201);
    const token = new URL(inv.json().acceptUrl).searchParams.get('token') as string;
    const refused = await invitee.browser.call('POST', '/v1/invitations/accept', { token });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'email_unverified' });
    const members = await owner.browser.call('GET', '/v1/members');
    expect(members.json().members.map((m: { email: string }) => m.email)).not.toContain(invitee.email);

    await verifyEmail(api.app, invitee.email);
    const accepted = await invitee.browser.call('POST', '/v1/invitations/accept', { token });
    expect(accepted.statusCode).toBe(200);
  });
});

describe('account enumeration', () => {
  it('spends the same password-hash work on an unknown email as on a wrong password', async () => {
    const { email } = await signUp(api.app, 'Timing');
    const browser = new Browser(api.app);
    const time = async (body: object) => {
      const start = process.hrtime.bigint();
      const res = await browser.call('POST', '/v1/auth/login', body);
      expect(res.statusCode).toBe(401);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      wrong.push(await time({ email, password: `${PASSWORD}-wrong` }));
      unknown.push(await time({ email: `nobody-${i}-${Date.now()}@example.com`, password: PASSWORD }));
    }
    // Without the dummy hash an unknown email answers after one indexed lookup (~1 ms), an order of
    // magnitude faster than an argon2id verification.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });
});

describe('without SMTP', () => {
  it('writes the link to the log and tells the web to look there', async () => {
    const local = await startApi({ mailer: undefined });
    try {
      const browser = new Browser(local.app);
      const email = `nosmtp-${Date.now()}@example.com`;
      const res = await browser.call('POST', '/v1/auth/signup', { email, password: PASSWORD, name: 'Local' });
      expect(res.statusCode).toBe(201);
      expect(res.json().verification).toEqual({ sentTo: email, delivery: 'server_log' });
      expect((await browser.call('GET', '/v1/me')).json().emailDelivery).toBe('server_log');
      const entry = local.logs.map((l) => JSON.parse(l)).find((l) => l.outbox?.to === email);
      expect(entry.outbox.link).toMatch(/^http:\/\/web\.test\/verify-email\?token=/);
      const token = new URL(entry.outbox.link).searchParams.get('token') as string;
      const ok = await local.app.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token } });
      expect(ok.statusCode).toBe(200);
      expect(local.smtp.messages).toHaveLength(0);
    } finally {
      await local.close();
    }
  });
});
