import { freePort } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { createLogger } from '@bmm/logger';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { type CorpusEntry, differentialCorpus, differentialSpec } from './testing/differential-corpus.js';
import { type JwksFixture, seedServer, startJwks, testKeyring } from './testing/fixtures.js';
import { startUpstream } from './testing/runner-harness.js';

/**
 * The differential test of the fast path: every request of the corpus goes to two runners that
 * share a database, keys and public URL — one with the fast path, one without (every request
 * through the SDK) — and their answers must agree on status, headers and JSON body.
 */
let t: TestDatabase;
let jwks: JwksFixture;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
const apps: Record<'sdk' | 'fast', { app: FastifyInstance; url: string }> = {} as never;
let token: string;
let runnerUrl: string;
const METRICS_TOKEN = 'metrics-token-for-the-differential-test';

beforeAll(async () => {
  t = await createTestDatabase();
  jwks = await startJwks();
  upstream = await startUpstream();
  const keyring = testKeyring();
  const ports = { sdk: await freePort(), fast: await freePort() };
  runnerUrl = `http://127.0.0.1:${ports.sdk}`;
  for (const name of ['sdk', 'fast'] as const) {
    const app = await buildApp({
      db: t.db,
      logger: createLogger({ name: `runner-${name}`, level: 'silent' }),
      keyring,
      metricsToken: METRICS_TOKEN,
      config: {
        runnerUrl,
        issuer: jwks.issuer,
        jwksUrl: jwks.jwksUrl,
        hostAliases: [`127.0.0.1:${ports.fast}`],
        allowPrivateNetwork: true,
        jwksCooldownMs: 0,
        usageFlushMs: 100,
        fastPath: name === 'fast',
      },
    });
    await app.listen({ port: ports[name], host: '127.0.0.1' });
    apps[name] = { app, url: `http://127.0.0.1:${ports[name]}` };
  }
  await seedServer(t.db, keyring, differentialSpec('diff', upstream.url), {
    secrets: { API_KEY: 'sk-diff' },
  });
  token = await jwks.sign({ aud: `${runnerUrl}/diff/mcp` });
});
afterAll(async () => {
  await apps.sdk?.app.close();
  await apps.fast?.app.close();
  await jwks?.close();
  await upstream?.close();
  await t?.destroy();
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** SSE events become their parsed data, JSON bodies their value: comparison is by JSON value. */
function parseBody(contentType: string, text: string): unknown {
  if (contentType.startsWith('text/event-stream')) {
    return text
      .split('\n\n')
      .filter(Boolean)
      .map((event) => {
        const lines = event.split('\n');
        const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
        return { fields: lines.map((l) => l.split(':')[0]), data: JSON.parse(data.join('\n')) };
      });
  }
  if (contentType.startsWith('application/json') && text) return JSON.parse(text);
  return text;
}

/** Headers that differ between any two answers (clock, connection bookkeeping) are left out. */
const VOLATILE = new Set(['date', 'keep-alive']);

async function send(base: string, entry: CorpusEntry): Promise<Answer> {
  const res = await fetch(`${base}/diff/mcp`, {
    method: entry.method ?? 'POST',
    headers: { ...entry.headers, authorization: `Bearer ${token}` },
    ...(entry.body !== undefined && { body: JSON.stringify(entry.body) }),
  });
  const text = await res.text();
  const headers: Record<string, string> = {};
  for (const [name, value] of res.headers) if (!VOLATILE.has(name)) headers[name] = value;
  return { status: res.status, headers, body: parseBody(headers['content-type'] ?? '', text) };
}

async function servedBy(name: 'sdk' | 'fast' = 'fast'): Promise<Record<string, number>> {
  const res = await apps[name].app.inject({
    url: '/metrics',
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const counts: Record<string, number> = {};
  for (const m of res.body.matchAll(/^bmm_runner_mcp_requests_total\{path="(\w+)"\} (\d+)$/gm))
    counts[m[1]!] = Number(m[2]);
  return counts;
}

describe('fast path against the SDK (differential)', () => {
  const corpus = differentialCorpus();

  it.each(corpus.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const reference = await send(apps.sdk.url, entry);
    const fast = await send(apps.fast.url, entry);
    expect(fast).toEqual(reference);
  });

  it('answered most of the corpus without the SDK', async () => {
    const counts = await servedBy();
    // Without these the comparisons above would only compare the SDK with itself.
    expect(counts.fast).toBeGreaterThanOrEqual(30);
    expect(counts.replay).toBeGreaterThanOrEqual(8);
    expect(counts.sdk).toBeGreaterThanOrEqual(40);
  });

  it('answers everything through the SDK with the fast path off', async () => {
    const counts = await servedBy('sdk');
    expect(counts.fast).toBe(0);
    expect(counts.replay).toBe(0);
    // Every authorized POST (the GET and the two step-up refusals are not counted).
    expect(counts.sdk).toBe(corpus.length - 3);
  });
});
