/**
 * The runner for the builder's benches, in its own process as in production: its verify path (loading
 * and compiling the version a build deploys) must not count as the builder's event-loop time.
 * Reads BENCH_DATABASE_URL and BENCH_MASTER_KEY (hex), listens on 127.0.0.1, sends its URL over IPC
 * and runs until its parent disconnects.
 */
import { Keyring } from '@bmm/crypto';
import { createDb } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { buildApp } from '@bmm/runner/app';
import { closeSandboxWorkers } from '@bmm/sandbox';

const databaseUrl = process.env.BENCH_DATABASE_URL;
const masterKey = process.env.BENCH_MASTER_KEY;
if (!databaseUrl || !masterKey || !process.send) throw new Error('run through startRunnerProcess()');

const db = createDb(databaseUrl, { max: 5 });
const runner = await buildApp({
  db,
  logger: createLogger({ name: 'bench-runner', level: 'silent' }),
  keyring: new Keyring({ version: 1, key: Buffer.from(masterKey, 'hex') }),
  config: {
    runnerUrl: 'http://127.0.0.1:1',
    issuer: 'http://127.0.0.1:1',
    hostAliases: [],
    allowPrivateNetwork: false,
  },
});
const url = await runner.listen({ port: 0, host: '127.0.0.1' });
process.send({ url });
process.once('disconnect', async () => {
  await runner.close();
  await closeSandboxWorkers();
  await db.destroy();
  process.exit(0);
});
