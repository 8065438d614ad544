import { readFileSync } from 'node:fs';
import type { ServerSpec } from '@bmm/spec';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { approveAndExchange } from '../support/flow.ts';
import { followBuild, Session, startUpstream } from '../support/http.ts';
import {
  familyNames,
  parseExposition,
  promqlMetricNames,
  type Sample,
  sum,
  unsafeLabelValue,
} from '../support/metrics.ts';
import { TestOAuthProvider } from '../support/oauth-client.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

const METRICS_TOKEN = 'metrics-e2e-0123456789abcdef0123';
const SECRET = 'uk-live-metrics-7d6c5b4a';
const slug = 'metrics-items';
const email = 'metrics.person@example.com';
const password = 'correct horse battery staple';

let platform: Platform;
let upstream: Awaited<ReturnType<typeof startUpstream>>;

const spec = (upstreamUrl: string): ServerSpec => ({
  name: 'Metrics Items',
  slug,
  description: 'Items for the metrics test.',
  secrets: [{ name: 'UPSTREAM_KEY', description: 'key', required: true }],
  tools: [
    {
      name: 'get_item',
      description: 'Reads one item by id.',
      inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      impl: {
        kind: 'http',
        method: 'GET',
        url: `${upstreamUrl}/items/{{input.id}}`,
        headers: { 'x-api-key': '{{secrets.UPSTREAM_KEY}}' },
      },
      examples: [{ input: { id: 'a1' }, mockResponse: { status: 200, body: { id: 'a1' } } }],
    },
    {
      name: 'add',
      description: 'Adds two numbers.',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      impl: {
        kind: 'code',
        source: 'export default async function (input) { return { sum: input.a + input.b }; }',
      },
      examples: [{ input: { a: 1, b: 2 }, expect: { contains: '3' } }],
    },
  ],
});

async function scrape(baseUrl: string, token = METRICS_TOKEN): Promise<{ status: number; text: string }> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
}

async function samplesOf(baseUrl: string): Promise<Sample[]> {
  const { status, text } = await scrape(baseUrl);
  expect(status).toBe(200);
  return parseExposition(text);
}

beforeAll(async () => {
  upstream = await startUpstream((req) => {
    const id = req.url.match(/^\/items\/([^/?]+)/)?.[1];
    if (id === 'missing') return { status: 404, body: { error: 'not found' } };
    return { body: { id, name: `item ${id}` } };
  });
  platform = await startPlatform({ metricsToken: METRICS_TOKEN });
});
afterAll(async () => {
  await platform?.stop();
  await upstream?.close();
});

describe('Prometheus metrics of every service after a real flow', () => {
  it('count logins, grants, reuse, registrations, builds, tool calls — with no id or secret in a label', async () => {
    const { urls } = platform;
    const known: string[] = [SECRET, email, METRICS_TOKEN];

    // api: sign up, a good and a bad sign-in.
    const user = new Session(urls.API_URL, urls.WEB_URL);
    const signed = await user.signUp(email, password);
    known.push(signed.user.id, signed.org.id);
    expect((await user.call('POST', '/v1/auth/login', { email, password })).status).toBe(200);
    expect((await user.call('POST', '/v1/auth/login', { email, password: 'wrong password' })).status).toBe(
      401,
    );

    // builder: create → build → deploy.
    const created = await user.call('POST', '/v1/servers', {
      name: 'Metrics Items',
      slug,
      spec: spec(upstream.url),
      secrets: { UPSTREAM_KEY: SECRET },
    });
    expect(created.status).toBe(201);
    known.push(created.body.server.id, created.body.build.id);
    const ticket = await user.call('POST', `/v1/builds/${created.body.build.id}/ticket`);
    const build = await followBuild(ticket.body.url, ticket.body.ticket);
    expect(build.done).toMatchObject({ status: 'succeeded' });

    // oauth-as: a refused registration, then the whole flow through the SDK.
    const refused = await fetch(`${urls.OAUTH_ISSUER}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'bad', redirect_uris: ['not a url'] }),
    });
    expect(refused.status).toBe(400);
    const mcpUrl: string = created.body.server.mcpUrl;
    const provider = new TestOAuthProvider();
    const connect = async () => {
      const client = new Client(
        { name: 'metrics', version: '1.0.0' },
        { versionNegotiation: { mode: 'auto' } },
      );
      await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }));
      return client;
    };
    await expect(connect()).rejects.toThrow();
    await approveAndExchange(provider, user, urls, mcpUrl);
    const clientId = provider.savedClient!.client_id;
    const first = provider.savedTokens!;
    known.push(clientId, first.access_token, first.refresh_token!);

    // runner: two good calls and one failing upstream call.
    const client = await connect();
    expect((await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } })).isError).toBeFalsy();
    expect((await client.callTool({ name: 'get_item', arguments: { id: 'b7' } })).isError).toBeFalsy();
    expect((await client.callTool({ name: 'get_item', arguments: { id: 'missing' } })).isError).toBe(true);
    await client.close();

    // Refresh twice, then replay the first refresh token: reuse detected, family revoked.
    const refresh = (token: string) =>
      fetch(`${urls.OAUTH_ISSUER}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token, client_id: clientId }),
      });
    const second = (await (await refresh(first.refresh_token!)).json()) as { refresh_token: string };
    const third = await refresh(second.refresh_token);
    expect(third.status).toBe(200);
    const replay = await refresh(first.refresh_token!);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
    known.push(second.refresh_token);

    // Scrape: a wrong or missing token is refused.
    expect((await scrape(urls.RUNNER_URL, 'wrong-token-0123456789abcdef01')).status).toBe(401);
    expect((await fetch(`${urls.API_URL}/metrics`)).status).toBe(401);

    const api = await samplesOf(urls.API_URL);
    expect(sum(api, 'bmm_api_logins_total', { outcome: 'success' })).toBe(1);
    expect(sum(api, 'bmm_api_logins_total', { outcome: 'invalid_credentials' })).toBe(1);
    expect(
      sum(api, 'http_requests_total', { route: '/v1/servers', method: 'POST', status_class: '2xx' }),
    ).toBe(1);

    const as = await samplesOf(urls.OAUTH_ISSUER);
    expect(
      sum(as, 'bmm_oauth_token_requests_total', { grant_type: 'authorization_code', outcome: 'issued' }),
    ).toBe(1);
    expect(
      sum(as, 'bmm_oauth_token_requests_total', { grant_type: 'refresh_token', outcome: 'issued' }),
    ).toBe(2);
    expect(
      sum(as, 'bmm_oauth_token_requests_total', { grant_type: 'refresh_token', outcome: 'invalid_grant' }),
    ).toBe(1);
    expect(sum(as, 'bmm_oauth_refresh_token_reuse_total')).toBe(1);
    expect(sum(as, 'bmm_oauth_registration_rejections_total')).toBe(1);
    const keyAge = sum(as, 'bmm_oauth_signing_key_age_seconds');
    expect(keyAge).toBeGreaterThanOrEqual(0);
    expect(keyAge).toBeLessThan(600);

    const builder = await samplesOf(urls.BUILDER_URL);
    expect(sum(builder, 'bmm_builder_builds_total', { outcome: 'succeeded' })).toBe(1);
    expect(sum(builder, 'bmm_builder_queue_wait_seconds_count')).toBe(1);
    for (const step of ['validate', 'compile', 'test', 'package', 'publish', 'deploy', 'verify'])
      expect(sum(builder, 'bmm_builder_step_duration_seconds_count', { step, outcome: 'succeeded' })).toBe(1);
    expect(familyNames(builder).has('bmm_builder_queued_builds')).toBe(true);

    const runner = await samplesOf(urls.RUNNER_URL);
    expect(sum(runner, 'bmm_runner_tool_calls_total', { outcome: 'ok' })).toBe(2);
    expect(sum(runner, 'bmm_runner_tool_calls_total', { outcome: 'error' })).toBe(1);
    expect(sum(runner, 'bmm_runner_tool_call_duration_seconds_count')).toBe(3);
    expect(sum(runner, 'bmm_runner_token_cache_lookups_total', { result: 'hit' })).toBeGreaterThan(0);
    expect(sum(runner, 'bmm_runner_token_cache_lookups_total', { result: 'miss' })).toBeGreaterThan(0);
    expect(sum(runner, 'bmm_runner_hosted_versions')).toBe(1);
    expect(sum(runner, 'bmm_runner_denylist_entries')).toBeGreaterThanOrEqual(0);
    expect(sum(runner, 'bmm_runner_sandbox_vm_seconds_total')).toBeGreaterThan(0);
    expect(familyNames(runner).has('bmm_runner_sandbox_calls_in_flight')).toBe(true);
    // MCP requests are labelled by the route template, never the slug.
    expect(sum(runner, 'http_requests_total', { route: '/:slug/mcp', method: 'POST' })).toBeGreaterThan(0);

    const services = {
      api: urls.API_URL,
      'oauth-as': urls.OAUTH_ISSUER,
      builder: urls.BUILDER_URL,
      runner: urls.RUNNER_URL,
    };
    const exported = new Set<string>();
    for (const [service, url] of Object.entries(services)) {
      // Every service: request histogram (the first scrape is counted by the second), pool gauges,
      // default process metrics.
      const samples = await samplesOf(url);
      for (const name of familyNames(samples)) exported.add(name);
      expect(
        sum(samples, 'http_request_duration_seconds_count', { route: '/metrics', status_class: '2xx' }),
        service,
      ).toBeGreaterThan(0);
      expect(sum(samples, 'bmm_db_pool_connections', { state: 'max' }), service).toBe(5);
      expect(familyNames(samples).has('process_cpu_seconds_total'), service).toBe(true);
      expect(familyNames(samples).has('nodejs_eventloop_lag_p99_seconds'), service).toBe(true);
      for (const s of samples)
        for (const [label, value] of Object.entries(s.labels))
          expect(unsafeLabelValue(value), `${service} ${s.name}{${label}="${value}"}`).toBeNull();
      const text = samples.map((s) => JSON.stringify(s)).join('\n');
      for (const value of known)
        expect(text, `${service} exports ${value.slice(0, 8)}…`).not.toContain(value);
      expect(text).not.toContain(slug);
    }

    // The Grafana dashboard and the alert rules read only metrics the services really export.
    const repo = new URL('../../', import.meta.url);
    const dashboard = JSON.parse(readFileSync(new URL('infra/grafana/dashboards/bmm.json', repo), 'utf8'));
    const alerts = parseYaml(readFileSync(new URL('infra/prometheus/alerts.yml', repo), 'utf8'));
    const exprs: string[] = [
      ...dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) =>
        (p.targets ?? []).map((t) => t.expr),
      ),
      ...alerts.groups.flatMap((g: { rules: { expr: string }[] }) => g.rules.map((r) => r.expr)),
    ];
    const used = new Set(exprs.flatMap(promqlMetricNames));
    expect(used.size).toBeGreaterThan(20);
    for (const name of used) expect(exported.has(name), `${name} is not exported`).toBe(true);
  });
});
