import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsRegistry, metricsPlugin, startMetricsServer } from './metrics.js';

const TOKEN = 'a-metrics-token-of-enough-length';
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function makeApp(token?: string) {
  const registry = createMetricsRegistry();
  const app = Fastify();
  await app.register(metricsPlugin, { registry, token });
  app.get('/things/:id', async () => ({ ok: true }));
  closers.push(() => app.close());
  return { app, registry };
}

describe('metricsPlugin', () => {
  it('labels requests by route template and status class, never by the raw URL', async () => {
    const { app, registry } = await makeApp(TOKEN);
    await app.inject('/things/8d0f9a2e-5b7c-4e11-9a3f-2c1d0e9b8a77');
    await app.inject('/things/another-id');
    await app.inject('/nowhere/secret-path');
    const text = await registry.metrics();
    expect(text).toContain('http_requests_total{route="/things/:id",method="GET",status_class="2xx"} 2');
    expect(text).toContain('http_requests_total{route="unmatched",method="GET",status_class="4xx"} 1');
    expect(text).not.toContain('8d0f9a2e');
    expect(text).not.toContain('secret-path');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('serves /metrics only to the bearer token', async () => {
    const { app } = await makeApp(TOKEN);
    const none = await app.inject('/metrics');
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(
      (await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } })).statusCode,
    ).toBe(401);
    const ok = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toContain('text/plain');
    expect(ok.body).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('has no /metrics route without a token (the private port serves it instead)', async () => {
    const { app, registry } = await makeApp();
    expect((await app.inject('/metrics')).statusCode).toBe(404);
    const server = await startMetricsServer(registry, { host: '127.0.0.1', port: 0 });
    closers.push(() => new Promise((r) => server.close(r)));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('nodejs_eventloop_lag_seconds');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});
