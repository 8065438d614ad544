import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { withSpan } from '@bmm/telemetry';
import { claimBuild } from './builds.repository.js';
import { type PipelineDeps, runBuild } from './pipeline.js';

export interface WorkerOptions extends Omit<PipelineDeps, 'workerId'> {
  workerId?: string;
  concurrency: number;
  orgConcurrency: number;
  staleAfterMs: number;
  pollMs: number;
}

/**
 * Claims builds while it has free slots: on start, on every wake-up (NOTIFY of a queued build)
 * and on a slow poll that also picks up builds of dead workers.
 */
export class BuildWorker {
  readonly id: string;
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly checks = new Map<string, () => void>();
  private readonly stopping = new AbortController();
  private poll: NodeJS.Timeout | null = null;
  private claiming = false;
  private again = false;

  constructor(private readonly options: WorkerOptions) {
    this.id = options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  start(): void {
    this.poll = setInterval(() => this.wake(), this.options.pollMs);
    this.poll.unref();
    this.wake();
  }

  get active(): number {
    return this.running.size;
  }

  /** Fill free slots with queued (or reclaimable) builds. */
  wake(): void {
    if (this.stopping.signal.aborted) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    void this.fill()
      .catch((err) => this.options.logger.error({ err }, 'filling build slots failed'))
      .finally(() => {
        this.claiming = false;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async fill(): Promise<void> {
    while (this.running.size < this.options.concurrency && !this.stopping.signal.aborted) {
      let build: Awaited<ReturnType<typeof claimBuild>>;
      try {
        build = await claimBuild(
          this.options.db,
          this.id,
          this.options.staleAfterMs,
          this.options.orgConcurrency,
        );
      } catch (err) {
        if (!this.stopping.signal.aborted) this.options.logger.error({ err }, 'claiming a build failed');
        return;
      }
      if (!build) return;
      const claimed = build;
      if (claimed.attempts === 1) this.options.metrics?.queueWait(claimed.queued_seconds);
      this.options.logger.info(
        { buildId: claimed.id, attempt: claimed.attempts, worker: this.id },
        'build claimed',
      );
      // One trace per build attempt; its steps are child spans.
      const run = withSpan('build', { 'build.attempt': claimed.attempts }, () =>
        runBuild({ ...this.options, workerId: this.id }, claimed, this.stopping.signal, (check) =>
          this.checks.set(claimed.id, check),
        ),
      )
        .then((status) => this.options.logger.info({ buildId: claimed.id, status }, 'build finished'))
        .catch((err) => this.options.logger.error({ err, buildId: claimed.id }, 'build run crashed'))
        .finally(() => {
          this.running.delete(claimed.id);
          this.checks.delete(claimed.id);
          this.wake();
        });
      this.running.set(claimed.id, run);
    }
  }

  /** A build event for a build this worker runs (e.g. a cancel request): check it now, not at the next heartbeat. */
  poke(buildId: string): void {
    this.checks.get(buildId)?.();
  }

  /** Stops claiming; running builds stop at once and are reclaimed elsewhere once their heartbeat is stale. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.poll) clearInterval(this.poll);
    await Promise.allSettled([...this.running.values()]);
  }
}
