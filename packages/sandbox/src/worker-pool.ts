import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CodeImpl } from '@bmm/spec';
import { vmTime } from './code-instance.js';
import { errorResult } from './errors.js';
import { resolveLimits } from './limits.js';
import type { CompileResult, ToolResult, ToolRunOptions, UpstreamCredential } from './types.js';
import type { WorkerJob, WorkerReply, WorkerRequest } from './worker-protocol.js';

/** How long past its wall-clock limit a call may stay silent before its worker is killed. */
const GRACE_MS = 2_000;
/**
 * Calls one worker interleaves (they share its thread: while one VM runs, the others wait, so calls of
 * different orgs share a worker only when no other placement is left).
 */
const CALLS_PER_WORKER = 8;

const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = new URL(fromSource ? './worker-boot.mjs' : './worker-entry.js', import.meta.url);

export interface SandboxPoolOptions {
  /** Worker threads; default the CPU count, at least 2 (one org's runaway VMs never hold them all), at most 8. */
  workers?: number;
  /** Calls of one org running at once across the pool; more wait in the org's queue. Default 8. */
  orgConcurrency?: number;
}

function defaultWorkers(): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(2, Math.min(8, cpus));
}

const settings = { workers: defaultWorkers(), orgConcurrency: 8 };

/** Sizes the pool (call once at start-up; workers already running above a smaller size retire when idle). */
export function configureSandboxPool(options: SandboxPoolOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 256))
      throw new RangeError(`sandbox pool option ${name} must be an integer from 1 to 256, got ${value}`);
  }
  settings.workers = options.workers ?? defaultWorkers();
  settings.orgConcurrency = options.orgConcurrency ?? 8;
}

/** One piece of work for a worker: a tool call or a compile check, and how to answer its caller. */
interface Job {
  request: WorkerJob;
  options: Pick<ToolRunOptions, 'secrets' | 'signal' | 'upstream' | 'stub' | 'onLog' | 'onProgress'>;
  /** Wall clock: how long it may wait in the queue, and (plus GRACE_MS) stay silent on a worker. */
  timeoutMs: number;
  resolve: (value: ToolResult | CompileResult) => void;
  /** The answer when the job cannot run or its worker dies. */
  failure: (message: string) => ToolResult | CompileResult;
}

interface PendingCall {
  org: OrgState;
  job: Job;
  timer: NodeJS.Timeout;
  cleanup: () => void;
}

interface PooledWorker {
  worker: Worker;
  calls: Map<number, PendingCall>;
  /** Calls running here, by org key. */
  orgs: Map<string, number>;
  dead: boolean;
  /** VM time the worker last reported (cumulative), ms. */
  vmMs: number;
}

interface QueuedCall {
  job: Job;
  /** Fails the call if it waits past its wall-clock limit or the caller aborts. */
  timer: NodeJS.Timeout;
  cleanup: () => void;
}

interface OrgState {
  key: string;
  queue: QueuedCall[];
  running: number;
  /** Workers running this org's calls, with how many each. */
  workers: Map<PooledWorker, number>;
}

let nextId = 1;
const workers: PooledWorker[] = [];
/** VM time of workers that are gone, ms. */
let retiredVmMs = 0;
/** Orgs with queued or running calls (an org without either is forgotten). */
const orgs = new Map<string, OrgState>();
/** Orgs with queued calls, in round-robin order: the head gets the next free place, then goes last. */
const ready: OrgState[] = [];
let closing = false;

/**
 * The pool right now, for the runner's metrics (never per org: org ids are not metric labels).
 * `inFlight` is queued + running.
 */
export function sandboxStats(): {
  workers: number;
  inFlight: number;
  running: number;
  queued: number;
  orgsWaiting: number;
  longestOrgQueue: number;
  vmSeconds: number;
} {
  let running = 0;
  let vmMs = retiredVmMs + vmTime.ms;
  for (const w of workers) {
    running += w.calls.size;
    vmMs += w.vmMs;
  }
  let queued = 0;
  let longestOrgQueue = 0;
  for (const org of ready) {
    queued += org.queue.length;
    longestOrgQueue = Math.max(longestOrgQueue, org.queue.length);
  }
  return {
    workers: workers.length,
    inFlight: running + queued,
    running,
    queued,
    orgsWaiting: ready.length,
    longestOrgQueue,
    vmSeconds: vmMs / 1000,
  };
}

function orgState(key: string): OrgState {
  let org = orgs.get(key);
  if (!org) {
    org = { key, queue: [], running: 0, workers: new Map() };
    orgs.set(key, org);
  }
  return org;
}

function forgetIfIdle(org: OrgState): void {
  if (org.running === 0 && org.queue.length === 0 && orgs.get(org.key) === org) orgs.delete(org.key);
}

function finish(pooled: PooledWorker, id: number, result: ToolResult | CompileResult): void {
  const call = pooled.calls.get(id);
  if (!call) return;
  pooled.calls.delete(id);
  clearTimeout(call.timer);
  call.cleanup();
  const { org } = call;
  org.running--;
  const here = (org.workers.get(pooled) ?? 1) - 1;
  if (here > 0) org.workers.set(pooled, here);
  else org.workers.delete(pooled);
  const onWorker = (pooled.orgs.get(org.key) ?? 1) - 1;
  if (onWorker > 0) pooled.orgs.set(org.key, onWorker);
  else pooled.orgs.delete(org.key);
  forgetIfIdle(org);
  call.job.resolve(result);
  if (!pooled.dead && pooled.calls.size === 0 && workers.length > settings.workers) retire(pooled, '');
  pump();
}

/** Kills a worker (a call that never yields, a crash, or a pool grown smaller) and fails every call it was running. */
function retire(pooled: PooledWorker, message: string): void {
  if (pooled.dead) return;
  pooled.dead = true;
  retiredVmMs += pooled.vmMs;
  const index = workers.indexOf(pooled);
  if (index >= 0) workers.splice(index, 1);
  void pooled.worker.terminate();
  for (const [id, call] of [...pooled.calls]) finish(pooled, id, call.job.failure(message));
  pump();
}

function spawn(): PooledWorker {
  const worker = new Worker(ENTRY, { execArgv: fromSource ? ['--conditions=@bmm/source'] : [] });
  worker.unref();
  const pooled: PooledWorker = { worker, calls: new Map(), orgs: new Map(), dead: false, vmMs: 0 };
  worker.on('message', (reply: WorkerReply) => {
    const call = pooled.calls.get(reply.id);
    if (!call) return;
    const { options } = call.job;
    if (reply.type === 'result') {
      pooled.vmMs = reply.vmMs;
      finish(pooled, reply.id, reply.result);
    } else if (reply.type === 'compiled') finish(pooled, reply.id, reply.result);
    else if (reply.type === 'request') options.stub?.onRequest?.(reply.request);
    else if (reply.type === 'upstream') {
      const answer = (result: { credential?: UpstreamCredential; message?: string }) => {
        if (!pooled.dead)
          pooled.worker.postMessage({
            type: 'upstream-result',
            id: reply.id,
            reqId: reply.reqId,
            ...result,
          } satisfies WorkerRequest);
      };
      const bridge = options.upstream;
      if (!bridge) answer({ message: `ctx.upstream("${reply.upstreamId}") is not available here` });
      else
        bridge.get(reply.upstreamId).then(
          (credential) => answer({ credential }),
          (err: unknown) =>
            answer({
              message:
                err instanceof Error && err.name === 'UpstreamUnavailable'
                  ? err.message
                  : `ctx.upstream("${reply.upstreamId}") failed`,
            }),
        );
    } else if (reply.type === 'log') options.onLog?.(reply.level, reply.message);
    else options.onProgress?.(reply.progress, reply.total, reply.message);
  });
  worker.on('error', () => retire(pooled, 'The sandbox failed while running this tool'));
  worker.on('exit', () => retire(pooled, 'The sandbox stopped while running this tool'));
  workers.push(pooled);
  return pooled;
}

/**
 * Where the next call of `org` runs, or nowhere yet. A VM blocks its worker while it runs, so an org's
 * calls are kept on workers of their own: an idle worker while the org holds fewer than all but one
 * (one is left for everyone else), else one of its own workers with room. Only an org holding no
 * worker at all is put beside other orgs' calls, on the least busy worker.
 */
function place(org: OrgState): PooledWorker | undefined {
  const spread = Math.max(1, settings.workers - 1);
  if (org.workers.size < spread) {
    const idle = workers.find((w) => w.calls.size === 0);
    if (idle) return idle;
    if (workers.length < settings.workers) return spawn();
  }
  let own: PooledWorker | undefined;
  for (const w of org.workers.keys()) {
    if (w.calls.size === w.orgs.get(org.key) && w.calls.size < CALLS_PER_WORKER) {
      if (!own || w.calls.size < own.calls.size) own = w;
    }
  }
  if (own || org.workers.size > 0) return own;
  let shared: PooledWorker | undefined;
  for (const w of workers) {
    if (w.calls.size < CALLS_PER_WORKER && (!shared || w.calls.size < shared.calls.size)) shared = w;
  }
  return shared;
}

/** Starts queued calls while there is room: one per org in turn (round robin), each org under its cap. */
function pump(): void {
  let blocked = 0;
  while (ready.length > blocked) {
    const org = ready.shift()!;
    const pooled = org.running < settings.orgConcurrency ? place(org) : undefined;
    if (!pooled) {
      ready.push(org);
      blocked++;
      continue;
    }
    blocked = 0;
    const queued = org.queue.shift()!;
    if (org.queue.length > 0) ready.push(org);
    clearTimeout(queued.timer);
    queued.cleanup();
    start(org, pooled, queued);
  }
  // Keep an idle worker booting or ready while the pool may grow: a new worker takes ~1 s to start
  // (longer from TypeScript sources), which the next org's first call would otherwise wait for.
  if (
    !closing &&
    workers.length > 0 &&
    workers.length < settings.workers &&
    !workers.some((w) => w.calls.size === 0)
  )
    spawn();
}

function start(org: OrgState, pooled: PooledWorker, queued: QueuedCall): void {
  const { job } = queued;
  const id = nextId++;
  org.running++;
  org.workers.set(pooled, (org.workers.get(pooled) ?? 0) + 1);
  pooled.orgs.set(org.key, (pooled.orgs.get(org.key) ?? 0) + 1);
  const { signal } = job.options;
  const onAbort = () => pooled.worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => retire(pooled, `Tool timed out after ${job.timeoutMs} ms and its sandbox was restarted`),
    job.timeoutMs + GRACE_MS,
  );
  timer.unref();
  pooled.calls.set(id, { org, job, timer, cleanup: () => signal?.removeEventListener('abort', onAbort) });
  pooled.worker.postMessage({ ...job.request, id } as WorkerRequest);
}

/** Takes a call out of its org's queue before it started (timed out waiting, or cancelled). */
function dropQueued(org: OrgState, queued: QueuedCall, message: string): void {
  const index = org.queue.indexOf(queued);
  if (index < 0) return;
  org.queue.splice(index, 1);
  clearTimeout(queued.timer);
  queued.cleanup();
  if (org.queue.length === 0) {
    const at = ready.indexOf(org);
    if (at >= 0) ready.splice(at, 1);
  }
  forgetIfIdle(org);
  queued.job.resolve(queued.job.failure(message));
}

/** Queues a job in its org's queue and starts what fits. */
function enqueue(orgId: string | undefined, job: Job): void {
  const org = orgState(orgId ?? '');
  const { signal } = job.options;
  const onAbort = () => dropQueued(org, queued, 'Tool call was cancelled');
  const queued: QueuedCall = {
    job,
    timer: setTimeout(
      () => dropQueued(org, queued, `Tool timed out after ${job.timeoutMs} ms waiting for a sandbox`),
      job.timeoutMs,
    ),
    cleanup: () => signal?.removeEventListener('abort', onAbort),
  };
  queued.timer.unref();
  signal?.addEventListener('abort', onAbort, { once: true });
  org.queue.push(queued);
  if (org.queue.length === 1) ready.push(org);
  pump();
}

/**
 * Runs a code tool on a worker thread, so VM time never blocks the caller's event loop. Calls wait in
 * one queue per org (`options.orgId`) and start round robin, at most `orgConcurrency` of an org at
 * once, placed so one org's runaway VMs hold at most all workers but one. Each worker runs the
 * in-thread executor (same limits); a call silent past its wall clock + 2 s (a VM stuck in a long native
 * operation) gets its worker killed and replaced. A call still queued after its wall-clock limit fails.
 */
export function executeCodeToolInWorker(
  impl: CodeImpl,
  input: Record<string, unknown>,
  options: ToolRunOptions,
): Promise<ToolResult> {
  const limits = resolveLimits(options.limits);
  return new Promise<ToolResult>((resolve) =>
    enqueue(options.orgId, {
      request: {
        type: 'run',
        source: impl.source,
        input,
        secrets: options.secrets,
        allowedHosts: options.allowedHosts,
        allowPrivateNetwork: options.allowPrivateNetwork ?? false,
        ...(options.limits && { limits: options.limits }),
        ...(options.reuseKey !== undefined && { reuseKey: options.reuseKey }),
        ...(options.stub && { stubResponse: options.stub.response }),
        wantsProgress: options.onProgress !== undefined,
        hasUpstream: options.upstream !== undefined,
      },
      options,
      timeoutMs: limits.timeoutMs,
      resolve: resolve as (value: ToolResult | CompileResult) => void,
      failure: (message) => errorResult(message, options.secrets),
    }),
  );
}

/** `checkCodeCompiles` on a worker thread (in the org's queue like a tool call). */
export function checkCodeCompilesInWorker(source: string, orgId?: string): Promise<CompileResult> {
  return new Promise<CompileResult>((resolve) =>
    enqueue(orgId, {
      request: { type: 'compile', source },
      options: { secrets: {} },
      timeoutMs: 30_000,
      resolve: resolve as (value: ToolResult | CompileResult) => void,
      failure: (message) => ({ ok: false, error: message }),
    }),
  );
}

/** Stops every sandbox worker (shutdown, tests); calls still running or queued fail. */
export async function closeSandboxWorkers(): Promise<void> {
  closing = true;
  try {
    for (const org of [...ready])
      for (const queued of [...org.queue]) dropQueued(org, queued, 'The sandbox is shutting down');
    for (const pooled of [...workers]) retire(pooled, 'The sandbox is shutting down');
  } finally {
    closing = false;
  }
}
