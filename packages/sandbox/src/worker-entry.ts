import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { loadQuickJS, sliceWatch, vmTime } from './code-instance.js';
import { checkCodeCompiles, executeCodeTool } from './code-tool.js';
import { stubFetch } from './stub.js';
import type { CompileResult, ToolResult, UpstreamCredential } from './types.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

/** A sandbox worker thread: runs code tools with the in-thread executor, one VM per call at a time. */
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');
const controllers = new Map<number, AbortController>();
/** ctx.upstream() requests waiting for the parent's answer, by request id. */
const upstreamWaits = new Map<number, { resolve(c: UpstreamCredential): void; reject(e: Error): void }>();
let nextReqId = 1;

class UpstreamUnavailable extends Error {
  override name = 'UpstreamUnavailable';
}
/**
 * Messages come and go as arrays (see worker-protocol.ts), but are handled one per macrotask, as if
 * each had come alone: a call that finishes without waiting (most do) gives its warmed VM back before
 * the next call takes one, instead of every call of a batch creating a VM of its own. Replies wait in
 * the outbox until the inbox is empty, then go as one message, or until a VM slice runs long (2 ms):
 * then they go at once, not after it.
 */
const inbox: WorkerRequest[] = [];
let outbox: WorkerReply[] = [];
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  if (outbox.length === 0) return;
  const batch = outbox;
  outbox = [];
  port!.postMessage(batch);
}

function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flush);
}

function post(reply: WorkerReply): void {
  if (outbox.push(reply) >= 64 || inbox.length === 0) scheduleFlush();
}

sliceWatch.onLong = flush;

function drain(): void {
  void handle(inbox.shift()!);
  if (inbox.length > 0) setImmediate(drain);
  else if (outbox.length > 0) scheduleFlush();
}

// The pool lowers the OS priority of a worker busy with a long call: it needs this thread's id.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) post({ type: 'thread', id: 0, tid });
} catch {
  // Not Linux: no per-thread priority.
}
// Load QuickJS while the worker waits for its first call (a spare worker starts before it is needed).
void loadQuickJS().catch(() => {});

port.on('message', (batch: WorkerRequest[]) => {
  const idle = inbox.length === 0;
  for (const msg of batch) inbox.push(msg);
  if (idle) drain();
});

async function handle(msg: WorkerRequest): Promise<void> {
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  if (msg.type === 'upstream-result') {
    const wait = upstreamWaits.get(msg.reqId);
    upstreamWaits.delete(msg.reqId);
    if (msg.credential) wait?.resolve(msg.credential);
    else wait?.reject(new UpstreamUnavailable(msg.message ?? 'no upstream token'));
    return;
  }
  const { id } = msg;
  if (msg.type === 'compile') {
    let result: CompileResult;
    try {
      result = await checkCodeCompiles(msg.source);
    } catch {
      result = { ok: false, error: 'The code could not be checked inside the sandbox' };
    }
    post({ type: 'compiled', id, result });
    return;
  }
  const controller = new AbortController();
  controllers.set(id, controller);
  let result: ToolResult;
  try {
    result = await executeCodeTool({ kind: 'code', source: msg.source }, msg.input, {
      secrets: msg.secrets,
      allowedHosts: msg.allowedHosts,
      allowPrivateNetwork: msg.allowPrivateNetwork,
      ...(msg.limits && { limits: msg.limits }),
      ...(msg.reuseKey !== undefined && { reuseKey: msg.reuseKey }),
      ...(msg.stubResponse && {
        fetch: stubFetch(msg.stubResponse, (request) => post({ type: 'request', id, request })),
      }),
      signal: controller.signal,
      ...(msg.hasUpstream && {
        upstream: {
          get: (upstreamId: string) =>
            new Promise<UpstreamCredential>((resolve, reject) => {
              const reqId = nextReqId++;
              upstreamWaits.set(reqId, { resolve, reject });
              post({ type: 'upstream', id, reqId, upstreamId });
            }),
        },
      }),
      onLog: (level, message) => post({ type: 'log', id, level, message }),
      ...(msg.wantsProgress && {
        onProgress: (progress: number, total?: number, message?: string) =>
          post({ type: 'progress', id, progress, total, message }),
      }),
    });
  } catch {
    result = { content: [{ type: 'text', text: 'The tool failed inside the sandbox' }], isError: true };
  } finally {
    controllers.delete(id);
  }
  post({ type: 'result', id, result, vmMs: vmTime.ms });
}
