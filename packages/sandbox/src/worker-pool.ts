import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CodeImpl } from '@bmm/spec';
import { vmTime } from './code-instance.js';
import { errorResult } from './errors.js';
import { resolveLimits } from './limits.js';
import type { CompileResult, ToolResult, ToolRunOptions, UpstreamCredential } from './types.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

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
interface Call {
  /** Given when it starts on a worker (0 while queued). */
  id: number;
  kind: 'run' | 'compile';
  source: string;
  input: Record<string, unknown> | undefined;
  options: ToolRunOptions;
  /** Wall clock: how long it may wait in the queue, and (plus GRACE_MS) stay silent on a worker. */
  timeoutMs: number;
  resolve: (value: ToolResult | CompileResult) => void;
  org: OrgState;
  /** The worker running it; undefined while it waits in its org's queue. */
  worker: PooledWorker | undefined;
  /** Date.now() past which it fails (queued) or its worker is killed (running). */
  deadline: number;
  /** Its own abort listener, only when its signal is already watched for another call. */
  ownAbort: (() => void) | undefined;
}

interface PooledWorker {
  worker: Worker;
  calls: Map<number, Call>;
  /** Calls running here, by org key. */
  orgs: Map<string, number>;
  dead: boolean;
  /** VM time the worker last reported (cumulative), ms. */
  vmMs: number;
  /** Messages posted at the end of this event-loop turn, as one array. */
  outbox: WorkerRequest[];
  /** The worker's OS thread id (Linux), once it said; undefined elsewhere. */
  tid: number | undefined;
  /** Its nice value at start, and whether it runs below it now (see Demotion below). */
  basePriority: number;
  demoted: boolean;
  /** Messages it sent (batches), and how many the last look saw. */
  answers: number;
  answersSeen: number;
  /** Its CPU time (ticks) when it was last seen answering while busy; -1: not watched. */
  silentSince: number;
}

interface OrgState {
  key: string;
  queue: Call[];
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
 * `inFlight` is queued + running; `demoted`: workers running at the lowest OS priority (long calls).
 */
export function sandboxStats(): {
  workers: number;
  inFlight: number;
  running: number;
  queued: number;
  orgsWaiting: number;
  longestOrgQueue: number;
  vmSeconds: number;
  demoted: number;
} {
  let running = 0;
  let demoted = 0;
  let vmMs = retiredVmMs + vmTime.ms;
  for (const w of workers) {
    running += w.calls.size;
    vmMs += w.vmMs;
    if (w.demoted) demoted++;
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
    demoted,
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

/** The answer of a call that cannot run, or whose worker died. */
function failure(call: Call, message: string): ToolResult | CompileResult {
  return call.kind === 'run' ? errorResult(message, call.options.secrets) : { ok: false, error: message };
}

// ---- Messages: one array per worker per event-loop turn (a message costs far more than its content).

const flushing: PooledWorker[] = [];
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  for (const pooled of flushing) {
    const batch = pooled.outbox;
    pooled.outbox = [];
    if (!pooled.dead && batch.length > 0) pooled.worker.postMessage(batch);
  }
  flushing.length = 0;
}

function send(pooled: PooledWorker, message: WorkerRequest): void {
  if (pooled.outbox.push(message) === 1) flushing.push(pooled);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

// ---- Deadlines: one timer for the whole pool, armed for the earliest deadline.

let sweepTimer: NodeJS.Timeout | undefined;
let sweepAt = Number.POSITIVE_INFINITY;

function armSweep(deadline: number): void {
  if (deadline >= sweepAt) return;
  if (sweepTimer) clearTimeout(sweepTimer);
  sweepAt = deadline;
  sweepTimer = setTimeout(sweep, Math.max(0, deadline - Date.now()));
  sweepTimer.unref();
}

/** Kills workers with a call silent past its deadline and fails calls queued past theirs. */
function sweep(): void {
  sweepTimer = undefined;
  sweepAt = Number.POSITIVE_INFINITY;
  const now = Date.now();
  let next = Number.POSITIVE_INFINITY;
  for (const pooled of [...workers]) {
    let expired: Call | undefined;
    for (const call of pooled.calls.values()) {
      if (call.deadline <= now) expired = call;
      else if (call.deadline < next) next = call.deadline;
    }
    if (expired) retire(pooled, `Tool timed out after ${expired.timeoutMs} ms and its sandbox was restarted`);
  }
  for (const org of [...ready]) {
    for (const call of [...org.queue]) {
      if (call.deadline <= now)
        dropQueued(call, `Tool timed out after ${call.timeoutMs} ms waiting for a sandbox`);
      else if (call.deadline < next) next = call.deadline;
    }
  }
  // Calls started while sweeping (a retired worker's replacement) armed the timer themselves.
  if (next !== Number.POSITIVE_INFINITY) armSweep(next);
}

// ---- Cancellation: one shared listener per AbortSignal, pointed at the call it currently serves
// (callers that pool their controllers add no listener per call).

const kCall = Symbol('sandboxCall');
const kWatched = Symbol('sandboxWatched');
type WatchedSignal = AbortSignal & { [kCall]?: Call | undefined; [kWatched]?: true };

function onSignalAbort(this: WatchedSignal): void {
  const call = this[kCall];
  if (call) {
    this[kCall] = undefined;
    cancel(call);
  }
}

function watch(call: Call): void {
  const signal = call.options.signal as WatchedSignal | undefined;
  if (!signal) return;
  if (signal[kCall] === undefined) {
    signal[kCall] = call;
    if (!signal[kWatched]) {
      signal[kWatched] = true;
      signal.addEventListener('abort', onSignalAbort);
    }
  } else {
    // One signal for several calls at once: each of the others gets a listener of its own.
    call.ownAbort = () => cancel(call);
    signal.addEventListener('abort', call.ownAbort, { once: true });
  }
}

function unwatch(call: Call): void {
  const signal = call.options.signal as WatchedSignal | undefined;
  if (!signal) return;
  if (signal[kCall] === call) signal[kCall] = undefined;
  else if (call.ownAbort) signal.removeEventListener('abort', call.ownAbort);
}

function cancel(call: Call): void {
  if (call.worker === undefined) dropQueued(call, 'Tool call was cancelled');
  else if (!call.worker.dead) send(call.worker, { type: 'cancel', id: call.id });
}

// ---- Demotion: a worker thread stuck in a long VM slice runs at the lowest OS priority.
//
// A VM blocks its thread while it runs, so one org's runaway calls (spin, allocation, recursion) keep
// a core busy until their CPU budget runs out. Placement keeps them off other orgs' workers, but the
// kernel still shares the cores between that thread, the event loop and the other workers: on a
// small machine the victim's call waits for a time slice. A healthy worker answers something every
// event-loop turn, after a few ms of CPU at most; one that has burnt LONG_SLICE_MS of CPU time (its
// thread's own, from /proc: not wall time, which a loaded machine stretches) without answering is
// inside one long slice. It is reniced to 19 (Linux, per thread) until it answers again, so short
// calls and the event loop always run first. Where the nice value cannot be lowered again (no
// CAP_SYS_NICE) the worker stays low and is placed last.

const LONG_SLICE_MS = 50;
const WATCH_MS = 50;
const LOW_PRIORITY = 19;
/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;
let watchTimer: NodeJS.Timeout | undefined;

function knowThread(pooled: PooledWorker, tid: number): void {
  try {
    pooled.basePriority = os.getPriority(tid);
    pooled.tid = tid;
  } catch {
    // Not a thread id this platform can prioritize.
  }
}

/** The thread's CPU time (user + system), in clock ticks; undefined when /proc cannot tell. */
function threadTicks(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

function demote(pooled: PooledWorker): void {
  try {
    os.setPriority(pooled.tid!, LOW_PRIORITY);
    pooled.demoted = true;
  } catch {
    // Not allowed here: the worker keeps its priority.
  }
}

function promote(pooled: PooledWorker): void {
  try {
    os.setPriority(pooled.tid!, pooled.basePriority);
    pooled.demoted = false;
  } catch {
    // Lowering a nice value needs CAP_SYS_NICE: it stays low (and is placed last).
  }
}

/** A worker answered (any message): whatever slice it was in has ended. */
function answered(pooled: PooledWorker): void {
  pooled.answers++;
  if (pooled.demoted) promote(pooled);
}

function watchSlices(): void {
  if (watchTimer) return;
  watchTimer = setInterval(checkSlices, WATCH_MS);
  watchTimer.unref();
}

function checkSlices(): void {
  let running = false;
  for (const pooled of workers) {
    if (pooled.calls.size === 0 || pooled.tid === undefined) {
      pooled.silentSince = -1;
      continue;
    }
    running = true;
    if (pooled.demoted) continue;
    const ticks = threadTicks(pooled.tid);
    if (ticks === undefined) continue;
    if (pooled.silentSince < 0 || pooled.answers !== pooled.answersSeen) {
      pooled.silentSince = ticks;
      pooled.answersSeen = pooled.answers;
    } else if (((ticks - pooled.silentSince) * 1000) / TICKS_PER_SECOND >= LONG_SLICE_MS) demote(pooled);
  }
  if (!running) {
    clearInterval(watchTimer);
    watchTimer = undefined;
  }
}

// ---- Scheduling.

function finish(pooled: PooledWorker, id: number, result: ToolResult | CompileResult): void {
  const call = pooled.calls.get(id);
  if (!call) return;
  pooled.calls.delete(id);
  unwatch(call);
  const { org } = call;
  org.running--;
  const here = (org.workers.get(pooled) ?? 1) - 1;
  if (here > 0) org.workers.set(pooled, here);
  else org.workers.delete(pooled);
  const onWorker = (pooled.orgs.get(org.key) ?? 1) - 1;
  if (onWorker > 0) pooled.orgs.set(org.key, onWorker);
  else pooled.orgs.delete(org.key);
  forgetIfIdle(org);
  call.resolve(result);
  if (!pooled.dead && pooled.calls.size === 0 && workers.length > settings.workers) retire(pooled, '');
  if (ready.length > 0) pump();
}

/** Kills a worker (a call that never yields, a crash, or a pool grown smaller) and fails every call it was running. */
function retire(pooled: PooledWorker, message: string): void {
  if (pooled.dead) return;
  pooled.dead = true;
  pooled.outbox = [];
  retiredVmMs += pooled.vmMs;
  const index = workers.indexOf(pooled);
  if (index >= 0) workers.splice(index, 1);
  void pooled.worker.terminate();
  for (const [id, call] of [...pooled.calls]) finish(pooled, id, failure(call, message));
  pump();
}

function onReply(pooled: PooledWorker, reply: WorkerReply): void {
  const call = pooled.calls.get(reply.id);
  if (!call) return;
  const { options } = call;
  switch (reply.type) {
    case 'result':
      pooled.vmMs = reply.vmMs;
      finish(pooled, reply.id, reply.result);
      return;
    case 'compiled':
      finish(pooled, reply.id, reply.result);
      return;
    case 'request':
      options.stub?.onRequest?.(reply.request);
      return;
    case 'log':
      options.onLog?.(reply.level, reply.message);
      return;
    case 'progress':
      options.onProgress?.(reply.progress, reply.total, reply.message);
      return;
    case 'upstream': {
      const answer = (result: { credential?: UpstreamCredential; message?: string }) => {
        if (!pooled.dead)
          send(pooled, { type: 'upstream-result', id: reply.id, reqId: reply.reqId, ...result });
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
    }
  }
}

function spawn(): PooledWorker {
  const worker = new Worker(ENTRY, { execArgv: fromSource ? ['--conditions=@bmm/source'] : [] });
  worker.unref();
  const pooled: PooledWorker = {
    worker,
    calls: new Map(),
    orgs: new Map(),
    dead: false,
    vmMs: 0,
    outbox: [],
    tid: undefined,
    basePriority: 0,
    demoted: false,
    answers: 0,
    answersSeen: 0,
    silentSince: -1,
  };
  worker.on('message', (replies: WorkerReply[]) => {
    answered(pooled);
    for (const reply of replies) {
      if (reply.type === 'thread') knowThread(pooled, reply.tid);
      else onReply(pooled, reply);
    }
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
    // A worker still demoted (its priority could not be restored) is the last choice.
    const idle =
      workers.find((w) => w.calls.size === 0 && !w.demoted) ?? workers.find((w) => w.calls.size === 0);
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
    const call = org.queue.shift()!;
    if (org.queue.length > 0) ready.push(org);
    start(call, pooled);
  }
  keepSpare();
}

/**
 * Keeps an idle worker booting or ready while the pool may grow: a new worker takes ~1 s to start
 * (longer from TypeScript sources), which the next org's first call would otherwise wait for.
 */
function keepSpare(): void {
  if (
    !closing &&
    workers.length > 0 &&
    workers.length < settings.workers &&
    !workers.some((w) => w.calls.size === 0)
  )
    spawn();
}

function start(call: Call, pooled: PooledWorker): void {
  const { org, options } = call;
  const id = nextId++;
  call.id = id;
  call.worker = pooled;
  call.deadline = Date.now() + call.timeoutMs + GRACE_MS;
  watchSlices();
  org.running++;
  org.workers.set(pooled, (org.workers.get(pooled) ?? 0) + 1);
  pooled.orgs.set(org.key, (pooled.orgs.get(org.key) ?? 0) + 1);
  pooled.calls.set(id, call);
  armSweep(call.deadline);
  if (call.kind === 'compile') send(pooled, { type: 'compile', id, source: call.source });
  else
    send(pooled, {
      type: 'run',
      id,
      source: call.source,
      input: call.input!,
      secrets: options.secrets,
      allowedHosts: options.allowedHosts,
      allowPrivateNetwork: options.allowPrivateNetwork ?? false,
      limits: options.limits,
      reuseKey: options.reuseKey,
      stubResponse: options.stub?.response,
      wantsProgress: options.onProgress !== undefined,
      hasUpstream: options.upstream !== undefined,
    });
}

/** Takes a call out of its org's queue before it started (timed out waiting, or cancelled). */
function dropQueued(call: Call, message: string): void {
  const { org } = call;
  const index = org.queue.indexOf(call);
  if (index < 0) return;
  org.queue.splice(index, 1);
  unwatch(call);
  if (org.queue.length === 0) {
    const at = ready.indexOf(org);
    if (at >= 0) ready.splice(at, 1);
  }
  forgetIfIdle(org);
  call.resolve(failure(call, message));
}

/**
 * Starts a call at once when its org has nothing waiting and there is room (every org in `ready` is
 * blocked after each pump, so this is what a pump would do), else queues it in its org's queue.
 */
function enqueue(
  orgId: string | undefined,
  kind: Call['kind'],
  source: string,
  input: Record<string, unknown> | undefined,
  options: ToolRunOptions,
  timeoutMs: number,
  resolve: (value: ToolResult | CompileResult) => void,
): void {
  const org = orgState(orgId ?? '');
  const call: Call = {
    id: 0,
    kind,
    source,
    input,
    options,
    timeoutMs,
    resolve,
    org,
    worker: undefined,
    deadline: 0,
    ownAbort: undefined,
  };
  if (options.signal?.aborted) {
    forgetIfIdle(org);
    resolve(failure(call, 'Tool call was cancelled'));
    return;
  }
  watch(call);
  if (org.queue.length === 0 && org.running < settings.orgConcurrency) {
    const pooled = place(org);
    if (pooled) {
      start(call, pooled);
      keepSpare();
      return;
    }
  }
  call.deadline = Date.now() + timeoutMs;
  armSweep(call.deadline);
  org.queue.push(call);
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
  const { timeoutMs } = resolveLimits(options.limits);
  return new Promise<ToolResult>((resolve) =>
    enqueue(
      options.orgId,
      'run',
      impl.source,
      input,
      options,
      timeoutMs,
      resolve as (value: ToolResult | CompileResult) => void,
    ),
  );
}

const NO_OPTIONS: ToolRunOptions = { secrets: {}, allowedHosts: [] };

/** `checkCodeCompiles` on a worker thread (in the org's queue like a tool call). */
export function checkCodeCompilesInWorker(source: string, orgId?: string): Promise<CompileResult> {
  return new Promise<CompileResult>((resolve) =>
    enqueue(
      orgId,
      'compile',
      source,
      undefined,
      NO_OPTIONS,
      30_000,
      resolve as (value: ToolResult | CompileResult) => void,
    ),
  );
}

/** Stops every sandbox worker (shutdown, tests); calls still running or queued fail. */
export async function closeSandboxWorkers(): Promise<void> {
  closing = true;
  try {
    for (const org of [...ready])
      for (const call of [...org.queue]) dropQueued(call, 'The sandbox is shutting down');
    for (const pooled of [...workers]) retire(pooled, 'The sandbox is shutting down');
  } finally {
    closing = false;
  }
}
