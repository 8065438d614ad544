import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CodeImpl } from '@bmm/spec';
import { vmTime } from './code-instance.js';
import { errorResult } from './errors.js';
import { resolveLimits } from './limits.js';
import type { ToolResult, ToolRunOptions, UpstreamCredential } from './types.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

/** How long past its wall-clock limit a call may stay silent before its worker is killed. */
const GRACE_MS = 2_000;

const fromSource = import.meta.url.endsWith('.ts');
const ENTRY = new URL(fromSource ? './worker-boot.mjs' : './worker-entry.js', import.meta.url);

interface PendingCall {
  options: ToolRunOptions;
  resolve: (result: ToolResult) => void;
  timer: NodeJS.Timeout;
  cleanup: () => void;
}

interface PooledWorker {
  worker: Worker;
  calls: Map<number, PendingCall>;
  dead: boolean;
  /** VM time the worker last reported (cumulative), ms. */
  vmMs: number;
}

let nextId = 1;
const workers: PooledWorker[] = [];
/** VM time of workers that are gone, ms. */
let retiredVmMs = 0;

/** The pool right now, for the runner's metrics: calls waiting on or running in workers, and VM time so far. */
export function sandboxStats(): { workers: number; inFlight: number; vmSeconds: number } {
  let inFlight = 0;
  let vmMs = retiredVmMs + vmTime.ms;
  for (const w of workers) {
    inFlight += w.calls.size;
    vmMs += w.vmMs;
  }
  return { workers: workers.length, inFlight, vmSeconds: vmMs / 1000 };
}

function poolSize(): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cpus - 1));
}

function finish(pooled: PooledWorker, id: number, result: ToolResult): void {
  const call = pooled.calls.get(id);
  if (!call) return;
  pooled.calls.delete(id);
  clearTimeout(call.timer);
  call.cleanup();
  call.resolve(result);
}

/** Kills a worker (a call that never yields, or a crash) and fails every call it was running. */
function retire(pooled: PooledWorker, message: string): void {
  if (pooled.dead) return;
  pooled.dead = true;
  retiredVmMs += pooled.vmMs;
  const index = workers.indexOf(pooled);
  if (index >= 0) workers.splice(index, 1);
  void pooled.worker.terminate();
  for (const [id, call] of [...pooled.calls]) finish(pooled, id, errorResult(message, call.options.secrets));
}

function spawn(): PooledWorker {
  const worker = new Worker(ENTRY, { execArgv: fromSource ? ['--conditions=@bmm/source'] : [] });
  worker.unref();
  const pooled: PooledWorker = { worker, calls: new Map(), dead: false, vmMs: 0 };
  worker.on('message', (reply: WorkerReply) => {
    const call = pooled.calls.get(reply.id);
    if (!call) return;
    if (reply.type === 'result') {
      pooled.vmMs = reply.vmMs;
      finish(pooled, reply.id, reply.result);
    } else if (reply.type === 'upstream') {
      const answer = (result: { credential?: UpstreamCredential; message?: string }) => {
        if (!pooled.dead)
          pooled.worker.postMessage({
            type: 'upstream-result',
            id: reply.id,
            reqId: reply.reqId,
            ...result,
          } satisfies WorkerRequest);
      };
      const bridge = call.options.upstream;
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
    } else if (reply.type === 'log') call.options.onLog?.(reply.level, reply.message);
    else call.options.onProgress?.(reply.progress, reply.total, reply.message);
  });
  worker.on('error', () => retire(pooled, 'The sandbox failed while running this tool'));
  worker.on('exit', () => retire(pooled, 'The sandbox stopped while running this tool'));
  workers.push(pooled);
  return pooled;
}

function pick(): PooledWorker {
  if (workers.length < poolSize()) return spawn();
  return workers.reduce((a, b) => (b.calls.size < a.calls.size ? b : a));
}

/**
 * Runs a code tool on a worker thread, so VM time never blocks the caller's event loop. Each worker
 * runs the in-thread executor (same limits); a call silent past its wall clock + 2 s (a VM stuck in a
 * long native operation) gets its worker killed and replaced.
 */
export function executeCodeToolInWorker(
  impl: CodeImpl,
  input: Record<string, unknown>,
  options: ToolRunOptions,
): Promise<ToolResult> {
  const limits = resolveLimits(options.limits);
  const pooled = pick();
  const id = nextId++;
  return new Promise<ToolResult>((resolve) => {
    const onAbort = () => pooled.worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => retire(pooled, `Tool timed out after ${limits.timeoutMs} ms and its sandbox was restarted`),
      limits.timeoutMs + GRACE_MS,
    );
    timer.unref();
    pooled.calls.set(id, {
      options,
      resolve,
      timer,
      cleanup: () => options.signal?.removeEventListener('abort', onAbort),
    });
    const request: WorkerRequest = {
      type: 'run',
      id,
      source: impl.source,
      input,
      secrets: options.secrets,
      allowedHosts: options.allowedHosts,
      allowPrivateNetwork: options.allowPrivateNetwork ?? false,
      ...(options.limits && { limits: options.limits }),
      ...(options.reuseKey !== undefined && { reuseKey: options.reuseKey }),
      wantsProgress: options.onProgress !== undefined,
      hasUpstream: options.upstream !== undefined,
    };
    pooled.worker.postMessage(request);
  });
}

/** Stops every sandbox worker (shutdown, tests); calls still running fail. */
export async function closeSandboxWorkers(): Promise<void> {
  for (const pooled of [...workers]) retire(pooled, 'The sandbox is shutting down');
}
