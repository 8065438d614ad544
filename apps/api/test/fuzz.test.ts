import { randomUUID } from 'node:crypto';
import { fuzzSettings } from '@bmm/http/testing';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { weatherSpec } from './fixtures.js';
import {
  createApiKey,
  createServer,
  publishVersion,
  signUp,
  startApi,
  type TestApp,
  upgrade,
  WEB,
} from './helpers.js';
import {
  type Case,
  describeCase,
  type Operation,
  type Outcome,
  operationsOf,
  requestCase,
  type Seeds,
} from './support/openapi-fuzz.js';

/**
 * Property-based fuzz over the live OpenAPI document: every operation gets hostile path params,
 * queries and bodies (wrong types, NUL, lone surrogates, huge numbers and strings, extra and missing
 * fields, deep nesting, malformed JSON, wrong content types), signed in, with an API key, and
 * anonymously. Any 5xx, any status the operation does not document, or an error that is not
 * problem+json fails. New routes are fuzzed as soon as they are in the document.
 *
 * FUZZ_RUNS (per operation, default 30) and FUZZ_SEED reproduce or lengthen a run (CI uses a fixed seed).
 */
const { runs: RUNS, seed: SEED } = fuzzSettings(30);

let api: TestApp;
let seeds: Seeds;
let operations: Operation[];

beforeAll(async () => {
  api = await startApi({ rateLimits: { authPerIp: 1_000_000, loginPerEmail: 1_000_000 } });
  const owner = await signUp(api.app, 'Fuzz');
  await upgrade(api.t, owner.orgId);
  const call = owner.browser.call.bind(owner.browser);
  const server = await createServer(call);
  await publishVersion(api.t, server.id, server.versionId, server.buildId);
  const key = await createApiKey(owner.browser);
  seeds = {
    cookie: owner.browser.cookie,
    origin: WEB,
    apiKey: key,
    ids: {
      id: server.id,
      userId: owner.userId,
      name: 'WEATHER_KEY',
      grantId: randomUUID(),
      buildId: server.buildId,
    },
    bodies: { spec: weatherSpec(server.slug), slug: server.slug },
  };
  const doc = (await api.app.inject('/v1/openapi.json')).json();
  operations = operationsOf(doc);
});
afterAll(() => api?.close());

it('no operation answers a hostile request with a 5xx or an undocumented status', async () => {
  const failures: string[] = [];
  let cases = 0;
  const started = performance.now();
  for (const op of operations) {
    const send = async (c: Case): Promise<Outcome> => {
      cases += 1;
      const options = requestCase(op, c, seeds);
      const res = await api.app.inject(options as InjectOptions);
      return {
        status: res.statusCode,
        contentType: String(res.headers['content-type'] ?? ''),
        body: res.body,
      };
    };
    const result = await fc.check(
      fc.asyncProperty(op.arbitrary, async (c) => {
        const out = await send(c);
        const problem = op.judge(out);
        if (problem) throw new Error(problem);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    if (result.failed) {
      const example = describeCase(result.counterexample?.[0]);
      failures.push(`${op.method} ${op.path}: ${(result.errorInstance as Error)?.message} — case ${example}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.info(
    `fuzz: ${operations.length} operations, ${cases} requests in ${seconds.toFixed(1)} s (seed ${SEED})`,
  );
  expect(operations.length).toBeGreaterThan(30);
  expect(failures, `seed ${SEED}`).toEqual([]);
}, 120_000);
