/**
 * The launcher's embedded Postgres, watched: if the postmaster dies while the platform runs, it is
 * restarted once (the services reconnect on their own); if that restart fails, or Postgres dies
 * again soon after it, `onLost` is told so the launcher can stop everything cleanly. The data
 * directory is never touched beyond what Postgres itself does.
 */
import { assertPortFree, type RunningPostgres, startEmbeddedPostgres } from '@bmm/db';

export interface WatchedPostgresOptions {
  dataDir: string;
  port: number;
  log: (message: string) => void;
  /** Postgres is gone for good; the message says why, in one sentence. */
  onLost: (message: string) => void;
  /** A second death within this time after a restart is not restarted again (default 60 s). */
  stableAfterMs?: number;
  /** How long the one restart may keep trying while the old processes wind down (default 15 s). */
  restartDeadlineMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class WatchedPostgres {
  private running: RunningPostgres | null = null;
  private stopping = false;
  private restartedAt = 0;
  /** Postgres' own last log lines, shown when it cannot come back. */
  readonly tail: string[] = [];

  constructor(private readonly options: WatchedPostgresOptions) {}

  get pid(): number | undefined {
    return this.running?.pid;
  }

  get url(): string {
    if (!this.running) throw new Error('Postgres is not running');
    return this.running.url;
  }

  async start(): Promise<void> {
    this.running = await startEmbeddedPostgres({
      dataDir: this.options.dataDir,
      port: this.options.port,
      onLog: (text) => {
        for (const line of text.split('\n').filter(Boolean)) {
          this.tail.push(line);
          if (this.tail.length > 20) this.tail.shift();
        }
      },
    });
    const current = this.running;
    void current.exited.then((exit) => {
      if (this.running === current && !this.stopping)
        void this.onDied(exit.signal ?? `exit code ${exit.code}`);
    });
  }

  /** From now on an exit is expected (the platform is stopping; a Ctrl-C reaches Postgres too). */
  expectExit(): void {
    this.stopping = true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.stop();
  }

  private async onDied(how: string): Promise<void> {
    // A Ctrl-C in the terminal reaches Postgres and the launcher together: let the launcher win.
    await sleep(200);
    if (this.stopping) return;
    const stableAfterMs = this.options.stableAfterMs ?? 60_000;
    if (this.restartedAt && Date.now() - this.restartedAt < stableAfterMs) {
      this.options.onLost(
        `Postgres stopped unexpectedly again (${how}) ${((Date.now() - this.restartedAt) / 1000).toFixed(0)} s after its restart, so the launcher gives up on it.`,
      );
      return;
    }
    this.options.log(`Postgres stopped unexpectedly (${describe(how)}); restarting it once…`);
    const started = Date.now();
    const deadline = started + (this.options.restartDeadlineMs ?? 15_000);
    let lastError = '';
    // Its old backends notice the postmaster's death and exit within moments; until then the port
    // and shared memory are still theirs, so the one restart retries briefly.
    while (!this.stopping && Date.now() < deadline) {
      try {
        await assertPortFree(this.options.port, 'embedded Postgres');
        await this.start();
        this.restartedAt = Date.now();
        this.options.log(
          `Postgres is back (pid ${this.pid}) after ${((Date.now() - started) / 1000).toFixed(1)} s; the services reconnect on their own.`,
        );
        return;
      } catch (err) {
        lastError = (err as Error).message;
        await sleep(500);
      }
    }
    if (this.stopping) return;
    const lines = this.tail.slice(-8).map((l) => `    ${l}`);
    this.options.onLost(
      `Postgres stopped unexpectedly (${describe(how)}) and could not be restarted (${lastError}). Its last log lines:\n${lines.join('\n')}`,
    );
  }
}

function describe(how: string): string {
  return how.startsWith('SIG') ? `signal ${how}` : how;
}
