/**
 * Runs the MCP conformance suite's server scenarios against a fixture server hosted on the runner,
 * through a local proxy that adds a real access token (the suite's client sends none).
 * Standalone: embedded Postgres in a temp dir, the real runner app, real HTTP.
 * `node --conditions=@bmm/source --import tsx conformance/run.ts`
 * Node 20 lacks fs.globSync, which the suite imports; conformance/register.mjs supplies it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, freePort, migrateToLatest, startEmbeddedPostgres } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { buildApp } from '../src/app.js';
import { seedServer, startJwks, testKeyring } from '../src/testing/fixtures.js';
import { everythingSpec } from './everything-spec.js';
import { NOT_EXPRESSIBLE } from './scenarios.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function runCli(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', path.join(here, 'register.mjs'), cli, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bmm-conformance-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort() });
const db = createDb(pg.url, { max: 5 });
const jwks = await startJwks('http://127.0.0.1:1/oauth');
const proxyPort = await freePort();
const runnerPort = await freePort();
const runnerUrl = `http://127.0.0.1:${runnerPort}`;
const proxyHost = `127.0.0.1:${proxyPort}`;
let exitCode = 0;
try {
  await migrateToLatest(db);
  const keyring = testKeyring();
  await seedServer(db, keyring, everythingSpec('everything'), { plan: 'self_hosted' });
  const runner = await buildApp({
    db,
    logger: createLogger({ name: 'conformance', level: 'warn' }),
    keyring,
    config: {
      runnerUrl,
      issuer: jwks.issuer,
      jwksUrl: jwks.jwksUrl,
      // The proxy forwards the client's Host and Origin untouched, so DNS-rebinding checks still apply.
      hostAliases: [proxyHost, `localhost:${proxyPort}`],
      allowedOrigins: [`http://${proxyHost}`, `http://localhost:${proxyPort}`],
      allowPrivateNetwork: false,
    },
  });
  await runner.listen({ port: runnerPort, host: '127.0.0.1' });
  const token = await jwks.sign({ aud: `${runnerUrl}/everything/mcp`, scope: 'mcp:tools' });
  const proxy = createServer((req, res) => {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: runnerPort,
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
  const url = `http://${proxyHost}/everything/mcp`;

  const listed = await runCli(['list'], dir);
  const only = process.env.CONFORMANCE_ONLY;
  const scenarios = listed.out
    .split('Client scenarios')[0]!
    .split('\n')
    .map((line) => line.match(/^\s+- ([a-z0-9-]+) \[/)?.[1])
    .filter((s): s is string => Boolean(s))
    .filter((s) => !only || s === only);
  const results: Array<{ scenario: string; passed: number; failed: number; errors: string[] }> = [];
  for (const scenario of scenarios) {
    const run = await runCli(['server', '--url', url, '--scenario', scenario], dir);
    if (process.env.CONFORMANCE_VERBOSE) console.log(run.out);
    // The CLI prints `Passed: <n>/<total>, <failed> failed` and one line per check.
    const plain = run.out.replace(ANSI, '');
    const summary = plain.match(/Passed: (\d+)\/(\d+), (\d+) failed/);
    const passed = Number(summary?.[1] ?? 0);
    const failed = summary ? Number(summary[3]) : 1;
    const errors = plain
      .split('\n')
      .filter((line) => line.includes('FAILURE'))
      .map((line) => line.replace(/^\S+ /, '').slice(0, 220));
    if (!summary) errors.push(plain.trim().split('\n').slice(-3).join(' ').slice(0, 220));
    results.push({ scenario, passed, failed, errors });
  }
  await new Promise((r) => proxy.close(r));
  await runner.close();

  let unexpected = 0;
  for (const r of results) {
    const ok = r.failed === 0 && r.passed > 0;
    const expected = NOT_EXPRESSIBLE.has(r.scenario);
    if (!ok && !expected) unexpected++;
    const label = ok ? 'PASS' : expected ? 'n/a ' : 'FAIL';
    console.log(
      `${label} ${r.scenario.padEnd(32)} ${r.passed} passed, ${r.failed} failed${ok ? '' : `  ${r.errors[0] ?? ''}`}`,
    );
  }
  const passing = results.filter((r) => r.failed === 0 && r.passed > 0).length;
  console.log(`\n${passing}/${results.length} server scenarios pass; ${unexpected} unexpected failures.`);
  if (unexpected) exitCode = 1;
} finally {
  await jwks.close();
  await db.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
