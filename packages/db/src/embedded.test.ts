import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

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
