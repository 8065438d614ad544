import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOAuthClient } from './fixtures.js';
import { createApiKey, createServer, signUp, startApi, type TestApp, withKey } from './helpers.js';

let api: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
beforeAll(async () => {
  api = await startApi();
  owner = await signUp(api.app);
});
afterAll(() => api.close());

describe('GET /v1/audit', () => {
  it('lists newest first with actor, ip and user agent, filters and a cursor', async () => {
    const call = owner.browser.call.bind(owner.browser);
    const key = await createApiKey(owner.browser);
    const s = await createServer(withKey(api.app, key));
    await call('PATCH', `/v1/servers/${s.id}`, { name: 'One' }, { 'user-agent': 'audit-test/1.0' });
    await call('PATCH', `/v1/servers/${s.id}`, { name: 'Two' });

    const all = await call('GET', '/v1/audit');
    expect(all.statusCode).toBe(200);
    const actions = all.json().events.map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'server.update',
      'server.update',
      'server.create',
      'api_key.create',
      'org.create',
      'user.signup',
    ]);
    const ids = all.json().events.map((e: { id: string }) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    const create = all.json().events[2];
    expect(create).toMatchObject({
      actorType: 'api_key',
      actorLabel: 'ci',
      resourceType: 'server',
      resourceId: s.id,
    });
    expect(all.json().events[1]).toMatchObject({
      actorType: 'user',
      actorId: owner.userId,
      actorLabel: owner.email,
      ip: '127.0.0.1',
      userAgent: 'audit-test/1.0',
      metadata: { slug: s.slug, changes: { name: 'One' } },
    });

    const filtered = await call(
      'GET',
      `/v1/audit?action=server.update&resourceType=server&actorId=${owner.userId}`,
    );
    expect(filtered.json().events).toHaveLength(2);
    expect(
      (await call('GET', '/v1/audit?actorType=api_key'))
        .json()
        .events.map((e: { action: string }) => e.action),
    ).toEqual(['server.create']);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await call('GET', `/v1/audit?from=${future}`)).json().events).toEqual([]);
    expect((await call('GET', `/v1/audit?to=${future}`)).json().events).toHaveLength(6);

    const page1 = (await call('GET', '/v1/audit?limit=4')).json();
    expect(page1.events).toHaveLength(4);
    expect(page1.nextCursor).toBe(page1.events[3].id);
    const page2 = (await call('GET', `/v1/audit?limit=4&cursor=${page1.nextCursor}`)).json();
    expect(page2.events.map((e: { action: string }) => e.action)).toEqual(['org.create', 'user.signup']);
    expect(page2.nextCursor).toBeNull();
    expect((await call('GET', '/v1/audit?cursor=abc')).json().code).toBe('validation_failed');
    expect((await call('GET', '/v1/audit?from=yesterday')).json().fields[0].field).toBe('querystring.from');
  });

  it('is for admins and owners', async () => {
    const member = await signUp(api.app);
    const inv = await owner.browser.call('POST', '/v1/invitations', { email: member.email, role: 'member' });
    await member.browser.call('POST', '/v1/invitations/accept', {
      token: new URL(inv.json().acceptUrl).searchParams.get('token'),
    });
    expect((await member.browser.call('GET', '/v1/audit')).json().code).toBe('insufficient_role');
  });
});

describe('GET /v1/usage', () => {
  it("shows this month's calls per server per day against the plan limits", async () => {
    const other = await signUp(api.app);
    const s = await createServer(other.browser.call.bind(other.browser));
    const now = new Date();
    const day = (d: number) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), d)).toISOString().slice(0, 10);
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15))
      .toISOString()
      .slice(0, 10);
    await api.t.db
      .insertInto('usage_daily')
      .values([
        { org_id: other.orgId, server_id: s.id, day: day(1), calls: 10, errors: 1 },
        { org_id: other.orgId, server_id: s.id, day: day(2), calls: 5, errors: 0 },
        { org_id: other.orgId, server_id: s.id, day: lastMonth, calls: 99, errors: 9 },
      ])
      .execute();
    const res = await other.browser.call('GET', '/v1/usage');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      month: day(1).slice(0, 7),
      plan: 'free',
      limits: { name: 'Free', servers: 5, members: 5, toolCallsPerMonth: 10_000 },
      totals: { calls: 15, errors: 1 },
      servers: [
        {
          serverId: s.id,
          slug: s.slug,
          name: 'Weather',
          calls: 15,
          errors: 1,
          days: [
            { day: day(1), calls: 10, errors: 1 },
            { day: day(2), calls: 5, errors: 0 },
          ],
        },
      ],
    });
    expect((await owner.browser.call('GET', '/v1/usage')).json().servers).toEqual([]);
  });
});

describe('GET /v1/servers/:id/calls', () => {
  it("lists a server's latest tool calls, newest first, limited, and only that server's", async () => {
    const user = await signUp(api.app);
    const call = user.browser.call.bind(user.browser);
    const s = await createServer(call);
    const other = await createServer(call);
    const url = `/v1/servers/${s.id}/calls`;
    expect((await call('GET', url)).json()).toEqual({ calls: [] });
    const at = (second: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, second));
    const event = (server: string, tool: string, status: string, second: number, client: string | null) => ({
      org_id: user.orgId,
      server_id: server,
      tool,
      user_id: user.userId,
      client_id: client,
      status,
      duration_ms: second * 10,
      created_at: at(second),
    });
    // client-a is a registered OAuth client (its name is shown); client-b was deleted since.
    await insertOAuthClient(api.t.db, {
      clientId: 'client-a',
      name: 'Claude Desktop',
      redirectUri: 'https://claude.ai/cb',
    });
    await api.t.db
      .insertInto('usage_events')
      .values([
        event(s.id, 'get_forecast', 'ok', 1, 'client-a'),
        { ...event(s.id, 'get_alerts', 'error', 2, null), error: 'HTTP 503 from the alerts API.' },
        event(other.id, 'get_forecast', 'ok', 3, 'client-b'),
        { ...event(s.id, 'get_forecast', 'ok', 4, 'client-a'), trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
      ])
      .execute();

    const all = await call('GET', url);
    expect(all.statusCode).toBe(200);
    const ids = all.json().calls.map((c: { id: string }) => Number(c.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(3);
    expect(all.json()).toEqual({
      calls: [
        {
          id: expect.any(String),
          tool: 'get_forecast',
          status: 'ok',
          durationMs: 40,
          clientId: 'client-a',
          clientName: 'Claude Desktop',
          traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
          error: null,
          createdAt: at(4).toISOString(),
        },
        {
          id: expect.any(String),
          tool: 'get_alerts',
          status: 'error',
          durationMs: 20,
          clientId: null,
          clientName: null,
          traceId: null,
          error: 'HTTP 503 from the alerts API.',
          createdAt: at(2).toISOString(),
        },
        {
          id: expect.any(String),
          tool: 'get_forecast',
          status: 'ok',
          durationMs: 10,
          clientId: 'client-a',
          clientName: 'Claude Desktop',
          traceId: null,
          error: null,
          createdAt: at(1).toISOString(),
        },
      ],
    });
    const two = await call('GET', `${url}?limit=2`);
    expect(two.json().calls.map((c: { createdAt: string }) => c.createdAt)).toEqual([
      at(4).toISOString(),
      at(2).toISOString(),
    ]);
    for (const bad of ['0', '101', 'x']) {
      expect((await call('GET', `${url}?limit=${bad}`)).json().code).toBe('validation_failed');
    }
    expect((await api.app.inject(url)).statusCode).toBe(401);
    expect((await call('DELETE', `/v1/servers/${s.id}`)).statusCode).toBe(204);
    expect((await call('GET', url)).statusCode).toBe(404);
  });
});

describe('GET /v1/servers/:id/latency', () => {
  it('gives calls, errors, error rate and p50/p95/p99 per hour of that server only', async () => {
    const user = await signUp(api.app);
    const call = user.browser.call.bind(user.browser);
    const s = await createServer(call);
    const other = await createServer(call);
    const url = `/v1/servers/${s.id}/latency`;
    expect((await call('GET', url)).json()).toEqual({ hours: 24, buckets: [] });
    const hour = (ago: number) => {
      const d = new Date();
      d.setUTCMinutes(30, 0, 0);
      return new Date(d.getTime() - ago * 3_600_000);
    };
    const event = (server: string, status: string, ms: number, at: Date) => ({
      org_id: user.orgId,
      server_id: server,
      tool: 't',
      user_id: user.userId,
      client_id: null,
      status,
      duration_ms: ms,
      created_at: at,
    });
    // Two hours ago: 1..100 ms, 10 of them errors; now: one slow call; the other server: noise.
    const rows = [
      ...Array.from({ length: 100 }, (_, i) => event(s.id, i < 10 ? 'error' : 'ok', i + 1, hour(2))),
      event(s.id, 'ok', 900, hour(0)),
      event(other.id, 'error', 5000, hour(0)),
      event(s.id, 'ok', 1, hour(30)),
    ];
    await api.t.db.insertInto('usage_events').values(rows).execute();

    const res = await call('GET', url);
    expect(res.statusCode).toBe(200);
    const { buckets } = res.json();
    expect(buckets).toHaveLength(2);
    const [older, latest] = buckets;
    expect(new Date(older.start).getTime()).toBe(new Date(hour(2)).setUTCMinutes(0, 0, 0));
    expect(older).toMatchObject({ calls: 100, errors: 10, errorRate: 0.1, p50Ms: 50.5 });
    expect(older.p95Ms).toBeCloseTo(95.05, 1);
    expect(older.p99Ms).toBeCloseTo(99.01, 1);
    expect(latest).toMatchObject({ calls: 1, errors: 0, errorRate: 0, p50Ms: 900, p99Ms: 900 });
    // A wider window reaches the call 30 hours ago.
    expect((await call('GET', `${url}?hours=48`)).json().buckets).toHaveLength(3);
    for (const bad of ['0', '169', 'x'])
      expect((await call('GET', `${url}?hours=${bad}`)).json().code).toBe('validation_failed');
    // Another org's member gets 404, as for every server route.
    const stranger = await signUp(api.app);
    expect((await stranger.browser.call('GET', url)).statusCode).toBe(404);
  });
});
