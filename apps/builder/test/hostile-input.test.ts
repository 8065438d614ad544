import { randomUUID } from 'node:crypto';
import { signTicket } from '@bmm/crypto';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { calculatorSpec, enqueueBuild, seedServer, testKeyring } from './fixtures.js';
import { type BuilderHarness, startBuilder } from './harness.js';

/**
 * Issue 12 item 5 on the build-log socket: `since` past Postgres `integer` reached the log query and
 * the socket died with 1011 after the upgrade; now it is a 400 problem+json before the upgrade.
 */
let t: TestDatabase;
let h: BuilderHarness;
let buildId: string;
const keyring = testKeyring();

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBuilder(t, keyring, { workers: false });
  const seeded = await seedServer(t.db);
  userId = seeded.userId;
  ({ buildId } = await enqueueBuild(t.db, seeded, calculatorSpec()));
});
afterAll(async () => {
  await h?.close();
  await t.destroy();
});

let userId: string;
const ticket = () =>
  signTicket(keyring.deriveKey('build-log'), 'build-log', { buildId, userId, jti: randomUUID() }, 60);

/** The HTTP answer to an upgrade request, or the close code of the socket if it was upgraded. */
function open(
  path: string,
): Promise<{ status?: number; contentType?: string; body?: string; code?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${h.builderUrl.replace(/^http/, 'ws')}${path}`);
    const timer = setTimeout(() => ws.terminate(), 3000);
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code });
    });
    ws.on('open', () => setTimeout(() => ws.close(), 500));
    ws.on('unexpected-response', (req, res) => {
      clearTimeout(timer);
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        // Listening to this event makes ending the connection our job.
        req.destroy();
        resolve({ status: res.statusCode, contentType: String(res.headers['content-type']), body });
      });
    });
    ws.on('error', (err) => {
      if (!err.message.includes('Unexpected server response')) reject(err);
    });
  });
}

it.each(['9223372036854775808', '2147483648', '1e20'])(
  'since=%s is refused before the upgrade',
  async (since) => {
    const res = await open(
      `/v1/builds/${buildId}/stream?ticket=${encodeURIComponent(ticket())}&since=${since}`,
    );
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body as string)).toMatchObject({ code: 'validation_failed' });
  },
);

it('a ticket with NUL is a 400', async () => {
  const nul = await open(`/v1/builds/${buildId}/stream?ticket=${'a'.repeat(20)}%00`);
  expect(nul).toMatchObject({ status: 400, contentType: expect.stringMatching(/problem\+json/) });
});

it('a path with bad percent-encoding is a 400', async () => {
  const bad = await open(`/v1/builds/%E0%A4%A/stream?ticket=${encodeURIComponent(ticket())}`);
  expect(bad).toMatchObject({ status: 400, contentType: expect.stringMatching(/problem\+json/) });
  expect(JSON.parse(bad.body as string)).toMatchObject({ code: 'bad_url' });
});

it('an in-range since still streams', async () => {
  const res = await open(
    `/v1/builds/${buildId}/stream?ticket=${encodeURIComponent(ticket())}&since=2147483647`,
  );
  expect(res.status).toBeUndefined();
  expect(res.code).toBe(1005);
});
