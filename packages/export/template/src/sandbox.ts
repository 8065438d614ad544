import {
  getQuickJS,
  type QuickJSHandle,
  type QuickJSWASMModule,
  shouldInterruptAfterDeadline,
} from 'quickjs-emscripten';

/**
 * Code tools run in QuickJS (WebAssembly), never in Node's `vm`: one fresh runtime per call, with a CPU
 * deadline, a memory cap and a stack cap. The only ways out are the `ctx` bridges below.
 */
export interface SandboxLimits {
  timeoutMs: number;
  memoryBytes: number;
  stackBytes: number;
  maxOutputBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  timeoutMs: 10_000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 1024 * 1024,
  maxOutputBytes: 1024 * 1024,
};

export interface BridgeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}
export interface BridgeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface SandboxHost {
  secrets: Record<string, string>;
  fetch(request: BridgeRequest): Promise<BridgeResponse>;
  log(message: string): void;
}

export class CodeToolError extends Error {
  override name = 'CodeToolError';
}

// `ctx` as the tool sees it; everything crosses the boundary as JSON text.
const PRELUDE = `
globalThis.__makeCtx = (secrets) => Object.freeze({
  secrets: Object.freeze(secrets),
  log: (...args) => __hostLog(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')),
  fetch: async (url, init = {}) => {
    const headers = {};
    for (const [k, v] of Object.entries(init.headers ?? {})) headers[String(k)] = String(v);
    const body = init.body === undefined || init.body === null ? null : String(init.body);
    const raw = await __hostFetch(JSON.stringify({ url: String(url), method: String(init.method ?? 'GET').toUpperCase(), headers, body }));
    const r = JSON.parse(raw);
    return { status: r.status, ok: r.status >= 200 && r.status < 300, headers: r.headers, text: async () => r.body, json: async () => JSON.parse(r.body) };
  },
});
`;

const RUN = `(async () => {
  const out = await __tool(JSON.parse(__input), __makeCtx(JSON.parse(__secrets)));
  return JSON.stringify(out === undefined ? null : out);
})()`;

let quickjs: Promise<QuickJSWASMModule> | undefined;

function errorMessage(dumped: unknown): string {
  if (dumped && typeof dumped === 'object' && 'message' in dumped) {
    const { name, message } = dumped as { name?: string; message?: string };
    return message === 'interrupted' ? 'the tool ran past its time limit' : `${name ?? 'Error'}: ${message}`;
  }
  return String(dumped);
}

type Disposable = { alive: boolean; dispose(): void };
type QuickJSRuntime = ReturnType<QuickJSWASMModule['newRuntime']>;
type QuickJSContext = ReturnType<QuickJSRuntime['newContext']>;

/** One call's runtime and context, and every handle to free when the call ends. */
interface Session {
  runtime: QuickJSRuntime;
  vm: QuickJSContext;
  /** Set once the call ended: a late host answer must not touch freed handles. */
  finished: boolean;
  own<T extends Disposable>(h: T): T;
  /** The value of an evaluation (owned), or a CodeToolError with the guest's message. */
  unwrap(result: ReturnType<QuickJSContext['evalCode']>): QuickJSHandle;
  setGlobal(name: string, handle: QuickJSHandle): void;
  dispose(): void;
}

function openSession(module: QuickJSWASMModule, limits: SandboxLimits): Session {
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(limits.stackBytes);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + limits.timeoutMs));
  const vm = runtime.newContext();
  const owned: Disposable[] = [];
  const session: Session = {
    runtime,
    vm,
    finished: false,
    own(h) {
      owned.push(h);
      return h;
    },
    unwrap(result) {
      if (result.error) {
        const message = errorMessage(vm.dump(result.error));
        result.error.dispose();
        throw new CodeToolError(message);
      }
      return session.own(result.value);
    },
    setGlobal: (name, handle) => vm.setProp(vm.global, name, handle),
    dispose() {
      session.finished = true;
      for (const h of owned.reverse()) if (h.alive) h.dispose();
      vm.dispose();
      runtime.dispose();
    },
  };
  return session;
}

/** `__hostLog` and `__hostFetch`, the guest's only ways out (used by the prelude's `ctx`). */
function installHostBridges(session: Session, host: SandboxHost): void {
  const { vm, runtime, own, setGlobal } = session;
  setGlobal(
    '__hostLog',
    own(
      vm.newFunction('__hostLog', (message) => {
        host.log(vm.getString(message).slice(0, 10_000));
      }),
    ),
  );
  setGlobal(
    '__hostFetch',
    own(
      vm.newFunction('__hostFetch', (requestJson) => {
        const request = JSON.parse(vm.getString(requestJson)) as BridgeRequest;
        const deferred = own(vm.newPromise());
        host.fetch(request).then(
          (response) => {
            if (session.finished) return;
            const text = own(vm.newString(JSON.stringify(response)));
            deferred.resolve(text);
            runtime.executePendingJobs();
          },
          (err: unknown) => {
            if (session.finished) return;
            const error = own(vm.newError((err as Error).message ?? String(err)));
            deferred.reject(error);
            runtime.executePendingJobs();
          },
        );
        return deferred.handle;
      }),
    ),
  );
}

/** Evaluates the tool's module and answers its default export (a function). */
async function loadDefaultExport(session: Session, source: string): Promise<QuickJSHandle> {
  const { vm, runtime, own, unwrap } = session;
  let exports = unwrap(vm.evalCode(source, 'tool.js', { type: 'module' }));
  // Module evaluation answers the namespace, or a promise for it (top-level await).
  const state = vm.getPromiseState(exports);
  if (!(state.type === 'fulfilled' && state.notAPromise)) {
    if (state.type === 'fulfilled') state.value.dispose();
    else if (state.type === 'rejected') state.error.dispose();
    const pending = vm.resolvePromise(exports);
    runtime.executePendingJobs();
    exports = unwrap(await pending);
  }
  const fn = own(vm.getProp(exports, 'default'));
  if (vm.typeof(fn) !== 'function') throw new CodeToolError('the code must `export default` a function');
  return fn;
}

/** Calls the tool with `input` and the host's secrets, within the time limit; answers its result as JSON text. */
async function callTool(
  session: Session,
  fn: QuickJSHandle,
  input: unknown,
  host: SandboxHost,
  limits: SandboxLimits,
): Promise<string> {
  const { vm, runtime, own, unwrap, setGlobal } = session;
  setGlobal('__tool', fn);
  setGlobal('__input', own(vm.newString(JSON.stringify(input ?? {}))));
  setGlobal('__secrets', own(vm.newString(JSON.stringify(host.secrets))));
  const promise = unwrap(vm.evalCode(RUN, 'run.js', { type: 'global' }));
  const settled = vm.resolvePromise(promise);
  runtime.executePendingJobs();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CodeToolError('the tool ran past its time limit')), limits.timeoutMs);
  });
  try {
    return vm.getString(unwrap(await Promise.race([settled, timeout])));
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `export default async function (input, ctx)` from `source` and returns its JSON result. */
export async function runCodeTool(
  source: string,
  input: unknown,
  host: SandboxHost,
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<unknown> {
  quickjs ??= getQuickJS();
  const session = openSession(await quickjs, limits);
  try {
    installHostBridges(session, host);
    session.unwrap(session.vm.evalCode(PRELUDE, 'prelude.js', { type: 'global' }));
    const fn = await loadDefaultExport(session, source);
    const json = await callTool(session, fn, input, host, limits);
    if (Buffer.byteLength(json) > limits.maxOutputBytes)
      throw new CodeToolError(`the tool's output is larger than ${limits.maxOutputBytes} bytes`);
    return JSON.parse(json) as unknown;
  } finally {
    session.dispose();
  }
}
