import type { Db } from '@bmm/db';
import { Counter, Gauge, Histogram, type Registry } from '@bmm/http';
import { countQueued } from '../builds/builds.repository.js';
import type { BuildWorker } from '../builds/worker.js';

export interface BuilderMetrics {
  /** A build this worker finished, by final status. */
  build(status: 'succeeded' | 'failed' | 'canceled'): void;
  /** A build step ended after `ms`, by step name (a fixed list) and outcome. */
  step(step: string, outcome: 'succeeded' | 'failed' | 'canceled', ms: number): void;
  /** A build's first claim: how long it waited in the queue. */
  queueWait(seconds: number): void;
}

const STEP_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const WAIT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

/** The builder's domain metrics; queue depth is read from the database at scrape time. */
export function createBuilderMetrics(
  registry: Registry,
  db: Db,
  worker: () => BuildWorker | null,
): BuilderMetrics {
  const registers = [registry];
  const builds = new Counter({
    name: 'bmm_builder_builds_total',
    help: 'Builds finished by this builder, by outcome (succeeded, failed, canceled).',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of ['succeeded', 'failed', 'canceled']) builds.inc({ outcome }, 0);
  const steps = new Histogram({
    name: 'bmm_builder_step_duration_seconds',
    help: 'Build step durations, by step and outcome.',
    labelNames: ['step', 'outcome'] as const,
    buckets: STEP_BUCKETS,
    registers,
  });
  const wait = new Histogram({
    name: 'bmm_builder_queue_wait_seconds',
    help: 'Time from enqueue to the first claim by a worker.',
    buckets: WAIT_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'bmm_builder_queued_builds',
    help: 'Builds waiting in the queue (all builders share it).',
    registers,
    async collect() {
      const queued = await countQueued(db).catch(() => undefined);
      if (queued !== undefined) this.set(queued);
    },
  });
  new Gauge({
    name: 'bmm_builder_running_builds',
    help: 'Builds this builder runs now.',
    registers,
    collect() {
      this.set(worker()?.active ?? 0);
    },
  });
  return {
    build(status) {
      builds.inc({ outcome: status });
    },
    step(step, outcome, ms) {
      steps.observe({ step, outcome }, ms / 1000);
    },
    queueWait(seconds) {
      wait.observe(seconds);
    },
  };
}
