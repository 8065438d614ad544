import {
  newQuickJSWASMModule,
  type QuickJSContext,
  type QuickJSDeferredPromise,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';
import { ToolError } from './errors.js';
import { DEFAULT_RESPONSE_BYTES, type ResolvedLimits } from './limits.js';
import { readBodyCapped, safeFetch } from './network.js';
import { PRELUDE } from './prelude.js';
import type { LogLevel, ToolRunOptions } from './types.js';

let wasm: Promise<QuickJSWASMModule> | undefined;
const brokenModules = new WeakSet<QuickJSWASMModule>();

/** The QuickJS WASM module, loaded once per process (and again only if an instance of it aborted). */
export function loadQuickJS(): Promise<QuickJSWASMModule> {
  if (!wasm) {
    const loading = newQuickJSWASMModule();
    wasm = loading;
    loading.catch(() => {
      if (wasm === loading) wasm = undefined;
    });
  }
  return wasm;
}

/**
 * QuickJS leaks the frame of an async function stopped by an uncatchable error (interrupted: CPU, time or
 * memory limit) inside a job, i.e. after its first `await`, and freeing that runtime trips an assertion
 * that aborts the whole WASM instance (and every call still running on it). Such a runtime is never freed:
 * its bytes are charged to its module, and a module holding more than MODULE_LEAK_BUDGET of them (or one
 * whose runtime ran out of memory, whose size is unknown) is abandoned: calls running on it finish, V8
 * reclaims its memory once they are gone, and the next call loads a fresh one (a few ms: V8 caches the
 * compiled WASM).
 */
const MODULE_LEAK_BUDGET = 64 * 1024 * 1024;
const leakedBytes = new WeakMap<QuickJSWASMModule, number>();

function abandonModule(module: QuickJSWASMModule): void {
  if (brokenModules.has(module)) return;
  brokenModules.add(module);
  wasm = undefined;
}

function leakRuntime(module: QuickJSWASMModule, bytes: number): void {
  const total = (leakedBytes.get(module) ?? 0) + bytes;
  leakedBytes.set(module, total);
  if (total > MODULE_LEAK_BUDGET) abandonModule(module);
}

/**
 * This QuickJS build cannot see allocation sizes (`malloc_usable_size unavailable` in a memory dump), so
 * its own limit counts every live allocation as 8 bytes: a "32 MiB" runtime only fails once it holds 4M
 * allocations, by then hundreds of MiB of WASM heap that V8 must grow and later collect. The limit that
 * counts is therefore enforced from the interrupt handler (every ~10k bytecodes): it measures the
 * runtime's real usage (a walk of its heap, O(objects)) whenever the module's WASM memory has grown since
 * the last measurement, and at least every MEMORY_CHECK_MS (growth is not needed to fill memory that
 * earlier calls freed). The walk's cost stretches the interval, so a large legitimate heap costs at most
 * ~1/MEMORY_CHECK_COST_SHARE of the VM time.
 */
const MEMORY_CHECK_MS = 50;
const MEMORY_CHECK_COST_SHARE = 10;

/** Bytes of a module's WASM memory: it grows (never shrinks) when QuickJS's heap needs more. */
export function wasmHeapBytes(module: QuickJSWASMModule): number {
  return (module as unknown as { module: { HEAP8: Int8Array } }).module.HEAP8.buffer.byteLength;
}

const LOG_LEVELS = new Set<LogLevel>(['debug', 'info', 'warning', 'error']);
const MAX_LOG_CHARS = 4000;
const MAX_LOGS_PER_CALL = 200;
const MAX_FETCHES_PER_CALL = 50;

function memoryMessage(memoryBytes = 0): string {
  return `Tool exceeded its memory limit of ${Math.round(memoryBytes / 1048576)} MiB`;
}

/** A guest failure, as text safe to show (no stack). */
export function describeGuestError(dumped: unknown): string {
  if (dumped && typeof dumped === 'object') {
    const e = dumped as { name?: unknown; message?: unknown; stack?: unknown };
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const message = typeof e.message === 'string' ? e.message : JSON.stringify(dumped);
    return `${name}: ${message}`;
  }
  return `Error: ${String(dumped)}`;
}

interface CallState {
  options: ToolRunOptions;
  limits: ResolvedLimits;
  pending: Set<Promise<void>>;
  deferreds: Set<QuickJSDeferredPromise>;
  /** Created on the first ctx.fetch (most calls never fetch). */
  abort?: AbortController;
  logs: number;
  fetches: number;
}

export type CallOutcome =
  | { kind: 'ok'; json: string }
  | { kind: 'error'; message: string }
  | { kind: 'limit'; message: string };

/** VM time spent by code tools in this thread since start, ms (for the runner's metrics). */
export const vmTime = { ms: 0 };

/**
 * `onLong` is called once per VM slice that has run LONG_SLICE_MS (from the interrupt handler): a
 * sandbox worker sends the replies it holds before a long slice goes on (they must not wait for it).
 */
export const sliceWatch: { onLong: (() => void) | undefined } = { onLong: undefined };
const LONG_SLICE_MS = 2;

/**
 * One QuickJS runtime + context with a tool module evaluated in it. It serves one call at a time and
 * is reused for later calls of the same tool; after any limit breach or unfinished host work it is
 * disposed instead.
 */
export class CodeInstance {
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  private readonly entry: QuickJSHandle;
  private readonly runner: QuickJSHandle;
  private current: CallState | undefined;
  private sliceStart = 0;
  /** sliceWatch.onLong was called for the current slice. */
  private longSlice = false;
  private cpuUsed = 0;
  private deadline = 0;
  private cpuBudget = 0;
  private memoryBudget = 0;
  /** WASM memory size at the last measurement, and when (performance.now()) the next one is due anyway. */
  private heapSeen = 0;
  private nextMemoryCheck = 0;
  /** The interrupt handler stopped the VM because it held more than its memory limit. */
  private memoryExceeded = false;
  disposed = false;
  /** The runtime ran out of memory or was interrupted: freeing it may abort the module (see leakRuntime). */
  private poisoned: 'interrupted' | 'out-of-memory' | undefined;

  get usable(): boolean {
    return !this.disposed && !brokenModules.has(this.module);
  }

  private constructor(
    private readonly module: QuickJSWASMModule,
    source: string,
    limits: ResolvedLimits,
  ) {
    this.runtime = module.newRuntime();
    this.applyLimits(limits);
    this.context = this.runtime.newContext();
    const vm = this.context;
    try {
      this.installBridges();
      this.runner = this.slice(() => vm.unwrapResult(vm.evalCode(PRELUDE, 'prelude.js')));
      const exports = this.slice(() => vm.evalCode(source, 'tool.js', { type: 'module' }));
      if (exports.error) {
        const message = describeGuestError(vm.dump(exports.error));
        exports.error.dispose();
        if (/^InternalError: interrupted/.test(message)) this.poisoned = 'interrupted';
        else if (/out of memory/i.test(message)) this.poisoned = 'out-of-memory';
        if (this.memoryExceeded) throw new ToolError(memoryMessage(limits.memoryBytes));
        throw new ToolError(`The tool's code failed to load: ${message}`);
      }
      const entry = vm.getProp(exports.value, 'default');
      exports.value.dispose();
      if (vm.typeof(entry) !== 'function') {
        entry.dispose();
        throw new ToolError("The tool's code must `export default` an async function (input, ctx)");
      }
      this.entry = entry;
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  static async create(source: string, limits: ResolvedLimits): Promise<CodeInstance> {
    return new CodeInstance(await loadQuickJS(), source, limits);
  }

  private applyLimits(limits: ResolvedLimits): void {
    this.runtime.setMemoryLimit(limits.memoryBytes);
    this.runtime.setMaxStackSize(limits.stackBytes);
    this.deadline = Date.now() + limits.timeoutMs;
    this.cpuBudget = limits.cpuMs;
    this.cpuUsed = 0;
    this.memoryBudget = limits.memoryBytes;
    this.memoryExceeded = false;
    this.heapSeen = wasmHeapBytes(this.module);
    this.nextMemoryCheck = performance.now() + MEMORY_CHECK_MS;
    this.runtime.setInterruptHandler(() => this.shouldInterrupt());
  }

  private shouldInterrupt(): boolean {
    if (this.sliceStart === 0) return false;
    const now = performance.now();
    if (!this.longSlice && now - this.sliceStart > LONG_SLICE_MS) {
      this.longSlice = true;
      sliceWatch.onLong?.();
    }
    if (now - this.sliceStart + this.cpuUsed > this.cpuBudget || Date.now() > this.deadline) return true;
    const heap = wasmHeapBytes(this.module);
    if (heap === this.heapSeen && now < this.nextMemoryCheck) return false;
    this.heapSeen = heap;
    const used = this.memoryUsed();
    const cost = performance.now() - now;
    this.nextMemoryCheck = now + Math.max(MEMORY_CHECK_MS, cost * MEMORY_CHECK_COST_SHARE);
    if (used <= this.memoryBudget) return false;
    this.memoryExceeded = true;
    return true;
  }

  /** Bytes the runtime's objects, strings, shapes and bytecode use (QuickJS's own accounting walk). */
  private memoryUsed(): number {
    const used = /^memory used\s+\d+\s+(\d+)/m.exec(this.runtime.dumpMemoryUsage());
    return used ? Number(used[1]) : 0;
  }

  /** Runs guest code synchronously, accounting its CPU time against the budget. */
  private slice<T>(fn: () => T): T {
    this.sliceStart = performance.now();
    this.longSlice = false;
    try {
      return fn();
    } finally {
      const elapsed = performance.now() - this.sliceStart;
      this.cpuUsed += elapsed;
      vmTime.ms += elapsed;
      this.sliceStart = 0;
    }
  }

  private installBridges(): void {
    const vm = this.context;
    vm.newFunction('__bmmLog', (levelHandle, messageHandle) => {
      const call = this.current;
      if (!call || call.logs >= MAX_LOGS_PER_CALL) return;
      call.logs++;
      const level = vm.getString(levelHandle) as LogLevel;
      const message = vm.getString(messageHandle).slice(0, MAX_LOG_CHARS);
      call.options.onLog?.(LOG_LEVELS.has(level) ? level : 'info', message);
    }).consume((fn) => vm.setProp(vm.global, '__bmmLog', fn));

    vm.newFunction('__bmmProgress', (p, t, m) => {
      const call = this.current;
      if (!call) return;
      const progress = vm.getNumber(p);
      const total = vm.typeof(t) === 'number' ? vm.getNumber(t) : undefined;
      const message = vm.typeof(m) === 'string' ? vm.getString(m).slice(0, MAX_LOG_CHARS) : undefined;
      if (Number.isFinite(progress)) call.options.onProgress?.(progress, total, message);
    }).consume((fn) => vm.setProp(vm.global, '__bmmProgress', fn));

    vm.newFunction('__bmmFetch', (urlHandle, initHandle) => {
      const call = this.current;
      const deferred = vm.newPromise();
      if (!call) {
        deferred.reject(vm.newError('ctx.fetch is not available outside a call'));
        return deferred.handle;
      }
      const url = vm.getString(urlHandle);
      const initJson = vm.getString(initHandle);
      call.deferreds.add(deferred);
      const work = this.hostFetch(call, url, initJson).then(
        (json) => this.settle(call, deferred, (ok) => ok && vm.newString(json), true),
        (err: unknown) =>
          this.settle(
            call,
            deferred,
            () => vm.newError(err instanceof ToolError ? err.message : 'ctx.fetch failed'),
            false,
          ),
      );
      call.pending.add(work);
      void work.finally(() => call.pending.delete(work));
      return deferred.handle;
    }).consume((fn) => vm.setProp(vm.global, '__bmmFetch', fn));

    vm.newFunction('__bmmUpstream', (idHandle) => {
      const call = this.current;
      const deferred = vm.newPromise();
      if (!call) {
        deferred.reject(vm.newError('ctx.upstream is not available outside a call'));
        return deferred.handle;
      }
      const id = vm.getString(idHandle).slice(0, 64);
      call.deferreds.add(deferred);
      const bridge = call.options.upstream;
      const work = (
        bridge
          ? bridge.get(id)
          : Promise.reject(
              new ToolError(`ctx.upstream("${id}"): this server signs in to no such upstream here`),
            )
      ).then(
        (credential) =>
          this.settle(call, deferred, (ok) => ok && vm.newString(JSON.stringify(credential)), true),
        (err: unknown) =>
          this.settle(
            call,
            deferred,
            () =>
              vm.newError(
                err instanceof ToolError || (err instanceof Error && err.name === 'UpstreamUnavailable')
                  ? err.message
                  : `ctx.upstream("${id}") failed`,
              ),
            false,
          ),
      );
      call.pending.add(work);
      void work.finally(() => call.pending.delete(work));
      return deferred.handle;
    }).consume((fn) => vm.setProp(vm.global, '__bmmUpstream', fn));
  }

  private settle(
    call: CallState,
    deferred: QuickJSDeferredPromise,
    make: (ok: boolean) => QuickJSHandle | false,
    ok: boolean,
  ): void {
    if (this.disposed || this.current !== call || !call.deferreds.has(deferred)) return;
    call.deferreds.delete(deferred);
    const handle = make(ok);
    if (!handle) return;
    if (ok) deferred.resolve(handle);
    else deferred.reject(handle);
    handle.dispose();
    deferred.dispose();
  }

  private async hostFetch(call: CallState, url: string, initJson: string): Promise<string> {
    if (++call.fetches > MAX_FETCHES_PER_CALL)
      throw new ToolError(`at most ${MAX_FETCHES_PER_CALL} fetches per call`);
    const init = JSON.parse(initJson) as { method?: unknown; headers?: unknown; body?: unknown };
    const headers = new Headers();
    if (init.headers && typeof init.headers === 'object') {
      for (const [k, v] of Object.entries(init.headers as Record<string, unknown>)) headers.set(k, String(v));
    }
    const method = typeof init.method === 'string' ? init.method.toUpperCase() : 'GET';
    const body =
      typeof init.body === 'string' && method !== 'GET' && method !== 'HEAD' ? init.body : undefined;
    call.abort ??= new AbortController();
    const response = await safeFetch(
      url,
      { method, headers, body, signal: call.abort.signal },
      {
        allowedHosts: call.options.allowedHosts,
        allowPrivateNetwork: call.options.allowPrivateNetwork ?? false,
        fetch: call.options.fetch,
      },
    );
    const bytes = await readBodyCapped(response, DEFAULT_RESPONSE_BYTES);
    return JSON.stringify({
      status: response.status,
      statusText: response.statusText,
      url: response.url || url,
      headers: Object.fromEntries(response.headers),
      body: bytes.toString('utf8'),
    });
  }

  /** Runs one call; afterwards `reusable` says whether this instance may serve another one. */
  async call(
    input: Record<string, unknown>,
    options: ToolRunOptions,
    limits: ResolvedLimits,
  ): Promise<{ outcome: CallOutcome; reusable: boolean }> {
    const vm = this.context;
    const call: CallState = {
      options,
      limits,
      pending: new Set(),
      deferreds: new Set(),
      logs: 0,
      fetches: 0,
    };
    this.current = call;
    this.applyLimits(limits);
    let promise: QuickJSHandle | undefined;
    let outcome: CallOutcome;
    try {
      const started = this.slice(() => {
        const inputJson = vm.newString(JSON.stringify(input));
        const secretsJson = vm.newString(JSON.stringify(options.secrets));
        try {
          return vm.callFunction(this.runner, vm.undefined, this.entry, inputJson, secretsJson);
        } finally {
          inputJson.dispose();
          secretsJson.dispose();
        }
      });
      if (started.error) outcome = this.failure(started.error);
      else {
        promise = started.value;
        outcome = await this.drive(call, promise);
      }
    } catch (err) {
      if (!(err instanceof ToolError)) abandonModule(this.module);
      outcome =
        err instanceof ToolError
          ? { kind: 'error', message: err.message }
          : { kind: 'limit', message: 'The tool failed inside the sandbox' };
    } finally {
      try {
        promise?.dispose();
      } catch {
        outcome = { kind: 'limit', message: 'The tool failed inside the sandbox' };
      }
    }
    const reusable = outcome.kind !== 'limit' && call.pending.size === 0 && call.deferreds.size === 0;
    // Aborting allocates a DOMException; only do it when host work is still running.
    if (call.pending.size > 0) call.abort?.abort();
    for (const deferred of call.deferreds) deferred.dispose();
    call.deferreds.clear();
    this.current = undefined;
    return { outcome, reusable };
  }

  private async drive(call: CallState, promise: QuickJSHandle): Promise<CallOutcome> {
    const vm = this.context;
    const { limits, options } = call;
    for (;;) {
      const jobs = this.slice(() => this.runtime.executePendingJobs());
      if (jobs.error) return this.failure(jobs.error);
      const state = vm.getPromiseState(promise);
      if (state.type === 'fulfilled') {
        return this.slice(() => this.readResult(state.value, limits.maxOutputBytes));
      }
      if (state.type === 'rejected') return this.failure(state.error);
      if (call.pending.size === 0) {
        return { kind: 'limit', message: 'The tool never finished: it awaited something that cannot settle' };
      }
      const remaining = this.deadline - Date.now();
      if (remaining <= 0) return { kind: 'limit', message: `Tool timed out after ${limits.timeoutMs} ms` };
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const stop = await Promise.race([
        Promise.race(call.pending).then(() => undefined),
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve(`Tool timed out after ${limits.timeoutMs} ms`), remaining);
        }),
        new Promise<string>((resolve) => {
          if (!options.signal) return;
          onAbort = () => resolve('Tool call was cancelled');
          if (options.signal.aborted) onAbort();
          else options.signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      if (stop) return { kind: 'limit', message: stop };
    }
  }

  private readResult(handle: QuickJSHandle, maxOutputBytes: number): CallOutcome {
    const vm = this.context;
    try {
      if (vm.typeof(handle) !== 'string')
        return { kind: 'error', message: 'The tool returned an unusable value' };
      const length = vm.getLength(handle) ?? 0;
      if (length > maxOutputBytes) {
        return { kind: 'limit', message: `Tool output exceeds the limit of ${maxOutputBytes} bytes` };
      }
      const json = vm.getString(handle);
      if (Buffer.byteLength(json) > maxOutputBytes) {
        return { kind: 'error', message: `Tool output exceeds the limit of ${maxOutputBytes} bytes` };
      }
      return { kind: 'ok', json };
    } finally {
      handle.dispose();
    }
  }

  private failure(errorHandle: QuickJSHandle): CallOutcome {
    const vm = this.context;
    let dumped: unknown;
    const limits = this.current?.limits;
    // Describing the error needs a little memory even when the guest used it all up.
    if (limits) this.runtime.setMemoryLimit(limits.memoryBytes + 1024 * 1024);
    try {
      dumped = vm.dump(errorHandle);
    } catch {
      dumped = { name: 'InternalError', message: 'out of memory' };
    } finally {
      errorHandle.dispose();
    }
    const text = describeGuestError(dumped);
    if (/^InternalError: interrupted/.test(text)) {
      this.poisoned ??= 'interrupted';
      if (this.memoryExceeded) return { kind: 'limit', message: memoryMessage(limits?.memoryBytes) };
      return Date.now() > this.deadline
        ? { kind: 'limit', message: `Tool timed out after ${limits?.timeoutMs} ms` }
        : { kind: 'limit', message: `Tool exceeded its CPU time limit of ${limits?.cpuMs} ms` };
    }
    if (/out of memory/i.test(text)) {
      this.poisoned = 'out-of-memory';
      return { kind: 'limit', message: memoryMessage(limits?.memoryBytes) };
    }
    if (/stack overflow|Maximum call stack/i.test(text)) {
      return { kind: 'limit', message: 'Tool exceeded its stack limit (recursion too deep)' };
    }
    return { kind: 'error', message: text };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.poisoned === 'out-of-memory') abandonModule(this.module);
    else if (this.poisoned === 'interrupted') leakRuntime(this.module, this.memoryUsed());
    if (this.poisoned) return;
    try {
      this.entry?.dispose();
      this.runner?.dispose();
      this.context.dispose();
      this.runtime.dispose();
    } catch {
      abandonModule(this.module);
    }
  }
}
