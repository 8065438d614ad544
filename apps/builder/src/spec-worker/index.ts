import { Worker } from 'node:worker_threads';
import type { ServerSpec } from '@bmm/spec';
import type { SpecJob, SpecReply, SpecResults } from './protocol.js';

export { normalizeSpec } from './package-spec.js';
export type { PackagedSpec } from './protocol.js';

const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = new URL(fromSource ? './boot.mjs' : './thread.js', import.meta.url);

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * One worker thread that validates and packages specs for the builder. Validating a large spec
 * compiles every tool's schemas with ajv (about a second on the event loop for 100 tools, measured), so
 * it never runs on the builder's main thread, which serves `/healthz`, heartbeats and build-log streams.
 * Jobs are short and run one at a time; the thread starts on first use (or `warm()`) and is
 * replaced if it dies.
 */
export class SpecWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  /** Starts the thread now, so the first build does not wait for it to load. */
  warm(): void {
    if (!this.closed) this.thread();
  }

  validate(spec: unknown): Promise<SpecResults['validate']> {
    return this.run({ op: 'validate', spec }) as Promise<SpecResults['validate']>;
  }

  package(spec: ServerSpec, slug: string): Promise<SpecResults['package']> {
    return this.run({ op: 'package', spec, slug }) as Promise<SpecResults['package']>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('the spec worker stopped'));
    await worker?.terminate();
  }

  private run(job: SpecJob): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the spec worker stopped'));
    const worker = this.thread();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...job, id });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(ENTRY, { execArgv: fromSource ? ['--conditions=@bmm/source'] : [] });
    worker.unref();
    worker.on('message', (reply: SpecReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (!this.pending.size) worker.unref();
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(reply.error));
    });
    const lost = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the spec worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    for (const { reject } of this.pending.values()) reject(err);
    this.pending.clear();
  }
}
