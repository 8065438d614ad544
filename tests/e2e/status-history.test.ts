/**
 * The public status history against the real platform: the api samples every service's /readyz
 * (fast here; once a minute in production), each service adds its own request and 5xx counts, and
 * `GET /v1/status/history` gives the last hour per service without a sign-in. Stopping a service
 * shows up as `down` at the next sample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../support/http.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

interface Minute {
  at: string;
  state: 'up' | 'degraded' | 'down' | null;
  requests: number;
  errors: number;
}
interface History {
  from: string;
  minutes: number;
  services: { id: string; name: string; requests: number; errors: number; history: Minute[] }[];
}

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ statusSampleMs: 250 });
});
afterAll(async () => {
  await platform?.stop();
});

let historyReads = 0;
async function history(): Promise<History> {
  historyReads++;
  const res = await fetch(`${platform.urls.API_URL}/v1/status/history`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('public, max-age=15');
  return (await res.json()) as History;
}

const latestState = (h: History, id: string) =>
  h.services.find((s) => s.id === id)!.history.findLast((m) => m.state !== null)?.state ?? null;

describe('status history', () => {
  it('answers the last hour per service, publicly, with names and numbers only', async () => {
    await expect
      .poll(async () => {
        const h = await history();
        return h.services.map((s) => [s.id, latestState(h, s.id)]);
      })
      .toEqual([
        ['api', 'up'],
        ['oauth-as', 'up'],
        ['builder', 'up'],
        ['runner', 'up'],
      ]);
    const h = await history();
    expect(h.minutes).toBe(60);
    expect(h.services.map((s) => s.name)).toEqual([
      'REST API',
      'Authorization server',
      'Builder',
      'Runner (hosted servers)',
    ]);
    for (const s of h.services) {
      expect(s.history).toHaveLength(60);
      expect(s.history[0]!.at).toBe(h.from);
      // Whole minutes, oldest first, the last one being the current minute.
      for (const [i, m] of s.history.entries())
        expect(Date.parse(m.at)).toBe(Date.parse(h.from) + i * 60_000);
      expect(Date.now() - Date.parse(s.history.at(-1)!.at)).toBeLessThan(60_000);
    }
    const text = JSON.stringify(h);
    for (const secretish of ['127.0.0.1', 'http', 'readyz', platform.databaseUrl])
      expect(text).not.toContain(secretish);
  });

  it('records a stopped service as down at the next sample', async () => {
    await platform.apps.runner.close();
    await expect.poll(async () => latestState(await history(), 'runner'), { timeout: 10_000 }).toBe('down');
    const h = await history();
    expect(latestState(h, 'oauth-as')).toBe('up');
    expect(latestState(h, 'api')).toBe('up');
  });

  it("counts each service's requests and 5xx answers, leaving probes out", async () => {
    const ada = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
    await ada.signUp(`status.${Date.now()}@example.com`);
    // A connector to a port where nothing listens: refreshing its tools is a 502 of the api.
    const created = await ada.call('POST', '/v1/connectors', {
      name: 'Nowhere',
      url: 'http://127.0.0.1:9/mcp',
      authType: 'none',
    });
    expect(created.status).toBe(201);
    const refreshed = await ada.call('POST', `/v1/connectors/${created.body.connector.id}/tools/refresh`);
    expect(refreshed.status).toBe(502);
    // Closing the api flushes its counts at once (otherwise every 15 s).
    await platform.apps.api.close();
    const rows = await platform.db
      .selectFrom('status_samples')
      .select(['requests', 'errors'])
      .where('service', '=', 'api')
      .execute();
    expect(rows.reduce((n, r) => n + r.errors, 0)).toBe(1);
    // Sign-up, create, refresh and every history read; the sampler's /readyz every 250 ms is no request.
    expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(3 + historyReads);
  });
});
