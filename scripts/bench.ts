/**
 * `pnpm bench`: runs every benchmark script (apps/<service>/bench/*.ts; their helper modules live in
 * bench/lib/ and are not run) one after another and
 * prints what each reports. Pass names to run a subset: `pnpm bench runner tokens`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const scripts = readdirSync(path.join(root, 'apps'))
  .flatMap((app) => {
    const dir = path.join(root, 'apps', app, 'bench');
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.ts'))
          .map((f) => path.join(dir, f))
      : [];
  })
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)));

if (scripts.length === 0) {
  console.error(
    only.length ? `no benchmark matches ${only.join(', ')}` : 'no benchmarks found under apps/*/bench',
  );
  process.exit(1);
}
let failed = 0;
for (const file of scripts) {
  const name = path.relative(root, file);
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--conditions=@bmm/source', '--import', 'tsx', file], {
    cwd: path.dirname(path.dirname(file)),
    stdio: 'inherit',
  });
  console.log(
    `━━ ${name}: ${result.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
