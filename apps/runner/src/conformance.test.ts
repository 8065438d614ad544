import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingSpec } from '../conformance/everything-spec.js';
import { NOT_EXPRESSIBLE } from '../conformance/scenarios.js';
import { seedServer } from './testing/fixtures.js';
import { type RunnerHarness, startRunner } from './testing/runner-harness.js';

/**
 * The MCP conformance suite's server scenarios (`@modelcontextprotocol/conformance`, one CLI run)
 * against the everything-server hosted on the runner with the fast path on, through a proxy that adds
 * a real token. Scenarios a ServerSpec cannot express are the baseline of expected failures; any other
 * failure fails this test. (`pnpm --filter @bmm/runner conformance` prints the per-scenario table.)
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const conformanceDir = path.join(here, '..', 'conformance');
const cli = path.join(here, '..', 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

let t: TestDatabase;
let runner: RunnerHarness;
let proxy: Server;
let dir: string;
let url: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const proxyPort = await freePort();
  const proxyHost = `127.0.0.1:${proxyPort}`;
  runner = await startRunner(t, {
    hostAliases: [proxyHost, `localhost:${proxyPort}`],
    allowedOrigins: [`http://${proxyHost}`, `http://localhost:${proxyPort}`],
    allowPrivateNetwork: false,
  });
  await seedServer(t.db, runner.keyring, everythingSpec('everything'), { plan: 'self_hosted' });
  const token = await runner.jwks.sign({ aud: `${runner.runnerUrl}/everything/mcp`, scope: 'mcp:tools' });
  const target = new URL(runner.runnerUrl);
  proxy = createServer((req, res) => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, authorization: `Bearer ${token}` },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(proxyPort, '127.0.0.1', r));
  url = `http://${proxyHost}/everything/mcp`;
  dir = await mkdtemp(path.join(os.tmpdir(), 'bmm-conformance-test-'));
});
afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await runner?.close();
  await t?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function runSuite(baseline: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        path.join(conformanceDir, 'register.mjs'),
        cli,
        'server',
        '--url',
        url,
        '--expected-failures',
        baseline,
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

describe('MCP conformance (server scenarios)', () => {
  it('passes every scenario a ServerSpec can express', { timeout: 180_000 }, async () => {
    const baseline = path.join(dir, 'baseline.yml');
    await writeFile(baseline, `server:\n${[...NOT_EXPRESSIBLE].map((s) => `  - ${s}`).join('\n')}\n`);
    const { code, out } = await runSuite(baseline);
    expect(out).toMatch(/tools-call-simple-text/);
    expect({ code, tail: code === 0 ? '' : out.slice(-3000) }).toEqual({ code: 0, tail: '' });
  });
});
