import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { freePort, PORT_FLOOR } from './embedded.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const child = fileURLToPath(new URL('./testing/exit-code-child.ts', import.meta.url));

it('leaves the exit code of a process that started Postgres alone (a failing test run stays failing)', async () => {
  const proc = spawn(process.execPath, ['--conditions=@bmm/source', '--import', 'tsx', child], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  expect({ code, stderr: stderr.slice(-2000) }).toEqual({ code: 3, stderr: '' });
}, 60_000);

it('hands out ports below the kernel ephemeral range, each once, in this worker’s own slice', async () => {
  const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number);
  const ports = await Promise.all(Array.from({ length: 40 }, () => freePort()));
  expect(new Set(ports).size).toBe(40);
  const pool = Number(process.env.VITEST_POOL_ID);
  expect(pool).toBeGreaterThan(0);
  const span = Math.floor(((low as number) - PORT_FLOOR) / 16);
  const base = PORT_FLOOR + ((pool - 1) % 16) * span;
  for (const port of ports) expect(port >= base && port < base + span, `port ${port}`).toBe(true);
  // 10080 is on the Fetch standard's bad-port list: fetch() refuses it.
  expect(PORT_FLOOR).toBeGreaterThan(10_080);
});
