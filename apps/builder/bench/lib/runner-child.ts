import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts bench/lib/runner-process.ts in a child process (same Node flags, minus profiling) and answers its URL. */
export async function startRunnerProcess(
  databaseUrl: string,
  masterKey: Buffer,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...withoutProfiling(process.execArgv), fileURLToPath(new URL('./runner-process.ts', import.meta.url))],
    {
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_MASTER_KEY: masterKey.toString('hex') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the bench runner exited (${code}) before listening`)));
  });
  return {
    url,
    async stop() {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Node's flags minus `--cpu-prof` and its options (`--cpu-prof-dir x` or `--cpu-prof-dir=x`). */
function withoutProfiling(args: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--cpu-prof')) kept.push(arg);
    else if (arg !== '--cpu-prof' && !arg.includes('=')) i++;
  }
  return kept;
}
