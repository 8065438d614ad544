/**
 * Plans an operator can run: BMM_DEFAULT_PLAN for new orgs, instance admins (the first account of a
 * fresh install, and the verified addresses of BMM_ADMIN_EMAILS) who list every org with its usage
 * and move it to another plan, audited in that org's log; everyone else gets a precise 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSlug, weatherSpec } from './fixtures.js';
import {
  Browser,
  createApiKey,
  createServer,
  PASSWORD,
  signUp,
  startApi,
  type TestApp,
  verifyEmail,
  withKey,
} from './helpers.js';

const OPS = 'ops.admin@example.com';

let api: TestApp;
let first: Awaited<ReturnType<typeof signUp>>;
beforeAll(async () => {
  api = await startApi({ operator: { defaultPlan: 'self_hosted', adminEmails: [OPS] } });
  first = await signUp(api.app, 'First');
});
afterAll(() => api.close());

async function isAdmin(browser: Browser): Promise<boolean> {
  const res = await browser.call('GET', '/v1/me');
  expect(res.statusCode).toBe(200);
  return res.json().user.instanceAdmin;
}

describe('instance admins', () => {
  it('makes the first account of a fresh install an instance admin, and no later one', async () => {
    expect(await isAdmin(first.browser)).toBe(true);
    const second = await signUp(api.app, 'Second');
    expect(await isAdmin(second.browser)).toBe(false);
    const rows = await api.t.db.selectFrom('users').select(['id', 'instance_admin']).execute();
    expect(rows.filter((r) => r.instance_admin).map((r) => r.id)).toEqual([first.userId]);
    const signup = await api.t.db
      .selectFrom('audit_events')
      .select('metadata')
      .where('action', '=', 'user.signup')
      .where('actor_id', '=', first.userId)
      .executeTakeFirstOrThrow();
    expect(signup.metadata).toEqual({ instanceAdmin: true, reason: 'first_account' });
  });

  it('promotes exactly one of several concurrent first sign-ups', async () => {
    const fresh = await startApi();
    try {
      const results = await Promise.all(
        ['a', 'b', 'c', 'd'].map((n) =>
          new Browser(fresh.app).call('POST', '/v1/auth/signup', {
            email: `race-${n}@example.com`,
            password: PASSWORD,
            name: n,
          }),
        ),
      );
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
      const admins = await fresh.t.db
        .selectFrom('users')
        .select('email')
        .where('instance_admin', '=', true)
        .execute();
      expect(admins).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });

  it('counts a BMM_ADMIN_EMAILS address only once it is verified', async () => {
    const browser = new Browser(api.app);
    const res = await browser.call('POST', '/v1/auth/signup', {
      email: OPS,
      password: PASSWORD,
      name: 'Ops',
    });
    expect(res.statusCode).toBe(201);
    expect(await isAdmin(browser)).toBe(false);
    const refused = await browser.call('GET', '/v1/admin/orgs');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('instance_admin_required');
    await verifyEmail(api.app, OPS);
    expect(await isAdmin(browser)).toBe(true);
    expect((await browser.call('GET', '/v1/admin/orgs')).statusCode).toBe(200);
  });

  it('refuses everyone else precisely: 401 signed out, 403 for people and for API keys', async () => {
    const member = await signUp(api.app, 'Plain');
    const signedOut = await api.app.inject({ method: 'GET', url: '/v1/admin/orgs' });
    expect(signedOut.statusCode).toBe(401);
    for (const [method, url, body] of [
      ['GET', '/v1/admin/orgs', undefined],
      ['PUT', `/v1/admin/orgs/${member.orgId}/plan`, { plan: 'self_hosted' }],
    ] as const) {
      const res = await member.browser.call(method, url, body);
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'instance_admin_required' });
      expect(res.json().detail).toContain('BMM_ADMIN_EMAILS');
    }
    // Even the instance admin's own API key: keys belong to one org, admin work needs the person.
    const key = await createApiKey(first.browser);
    const byKey = await withKey(api.app, key)('GET', '/v1/admin/orgs');
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json().code).toBe('person_required');
    const org = await api.t.db
      .selectFrom('orgs')
      .select('plan')
      .where('id', '=', member.orgId)
      .executeTakeFirst();
    expect(org?.plan).toBe('self_hosted');
  });
});

describe('plans', () => {
  it('starts new orgs on BMM_DEFAULT_PLAN and says the operator changes plans', async () => {
    const org = (await first.browser.call('GET', '/v1/me/org')).json();
    expect(org).toMatchObject({
      org: { plan: 'self_hosted' },
      limits: { name: 'Self-hosted' },
      planChange: 'operator',
    });
    expect(org.plans.map((p: { id: string }) => p.id)).toEqual(['free', 'team', 'self_hosted']);
  });

  it('lists every org with its usage this month, searchable', async () => {
    const owner = await signUp(api.app, 'Usage');
    const server = await createServer(owner.browser.call.bind(owner.browser));
    const today = new Date();
    const lastMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 15));
    await api.t.db
      .insertInto('usage_daily')
      .values([
        {
          org_id: owner.orgId,
          server_id: server.id,
          day: today.toISOString().slice(0, 10),
          calls: 40,
          errors: 0,
        },
        {
          org_id: owner.orgId,
          server_id: server.id,
          day: lastMonth.toISOString().slice(0, 10),
          calls: 500,
          errors: 0,
        },
      ])
      .execute();
    const res = await first.browser.call('GET', `/v1/admin/orgs?q=${encodeURIComponent(owner.email)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      month: today.toISOString().slice(0, 7),
      defaultPlan: 'self_hosted',
      total: 1,
      orgs: [
        {
          id: owner.orgId,
          name: "Usage's workspace",
          plan: 'self_hosted',
          ownerEmail: owner.email,
          usage: { toolCalls: 40, servers: 1, members: 1 },
        },
      ],
    });
    const all = (await first.browser.call('GET', '/v1/admin/orgs?limit=200')).json();
    expect(all.total).toBeGreaterThanOrEqual(4);
    expect(all.orgs.map((o: { id: string }) => o.id)).toContain(first.orgId);
    // LIKE wildcards in the search are literal.
    expect((await first.browser.call('GET', '/v1/admin/orgs?q=%25')).json().total).toBe(0);
  });

  it('moves an org to another plan, enforces it and writes the change into that org’s audit log', async () => {
    const owner = await signUp(api.app, 'Mover');
    const res = await first.browser.call('PUT', `/v1/admin/orgs/${owner.orgId}/plan`, { plan: 'free' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: owner.orgId, plan: 'free', previousPlan: 'self_hosted', changed: true });
    const seen = (await owner.browser.call('GET', '/v1/me/org')).json();
    expect(seen).toMatchObject({ org: { plan: 'free' }, limits: { name: 'Free', servers: 5 } });
    const audit = await api.t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('org_id', '=', owner.orgId)
      .where('action', '=', 'org.plan_change')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_type: 'user',
      actor_id: first.userId,
      resource_type: 'org',
      resource_id: owner.orgId,
      metadata: { from: 'self_hosted', to: 'free', by: 'instance_admin' },
    });
    // The org's own people see it in their log.
    const log = (await owner.browser.call('GET', '/v1/audit')).json();
    expect(JSON.stringify(log)).toContain('org.plan_change');
    // The free plan's limit now holds.
    for (let i = 0; i < 5; i++) await createServer(owner.browser.call.bind(owner.browser));
    const slug = uniqueSlug();
    const sixth = await owner.browser.call('POST', '/v1/servers', {
      name: 'Six',
      slug,
      spec: weatherSpec(slug),
    });
    expect([sixth.statusCode, sixth.json().code]).toEqual([403, 'plan_limit_reached']);

    // The same plan again changes nothing and writes nothing.
    const again = await first.browser.call('PUT', `/v1/admin/orgs/${owner.orgId}/plan`, { plan: 'free' });
    expect(again.json()).toMatchObject({ changed: false });
    const count = await api.t.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', owner.orgId)
      .where('action', '=', 'org.plan_change')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('refuses an unknown plan and an unknown org', async () => {
    const unknownPlan = await first.browser.call('PUT', `/v1/admin/orgs/${first.orgId}/plan`, {
      plan: 'gold',
    });
    expect(unknownPlan.statusCode).toBe(400);
    expect(unknownPlan.json()).toMatchObject({ code: 'unknown_plan' });
    const unknownOrg = await first.browser.call(
      'PUT',
      '/v1/admin/orgs/00000000-0000-4000-8000-000000000000/plan',
      {
        plan: 'team',
      },
    );
    expect(unknownOrg.statusCode).toBe(404);
  });

  it('starts orgs on free where no operator setting is given (billing meant) and says billing is unavailable', async () => {
    const billed = await startApi();
    try {
      const owner = await signUp(billed.app, 'Billed');
      expect((await owner.browser.call('GET', '/v1/me/org')).json()).toMatchObject({
        org: { plan: 'free' },
        planChange: 'billing_unavailable',
      });
    } finally {
      await billed.close();
    }
  });
});

describe('invitation preview', () => {
  it('names the org, the inviter, the role and the invited address to whoever holds the link', async () => {
    const inv = await first.browser.call('POST', '/v1/invitations', {
      email: 'guest@example.com',
      role: 'admin',
    });
    expect(inv.statusCode).toBe(201);
    const token = new URL(inv.json().acceptUrl).searchParams.get('token')!;
    const res = await api.app.inject({ method: 'POST', url: '/v1/invitations/preview', payload: { token } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      org: { name: "First's workspace" },
      invitedBy: { name: 'First', email: first.email },
      role: 'admin',
      email: 'guest@example.com',
    });
    const bad = await api.app.inject({
      method: 'POST',
      url: '/v1/invitations/preview',
      payload: { token: 'bmm_inv_not-a-real-token' },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([404, 'invitation_not_found']);
    await first.browser.call('DELETE', `/v1/invitations/${inv.json().invitation.id}`);
    const revoked = await api.app.inject({
      method: 'POST',
      url: '/v1/invitations/preview',
      payload: { token },
    });
    expect(revoked.statusCode).toBe(404);
  });
});
