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

/** Runs `export default async function (input, ctx)` from `source` and returns its JSON result. */
export async function runCodeTool(
  source: string,
  input: unknown,
  host: SandboxHost,
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<unknown> {
  quickjs ??= getQuickJS();
  const module = await quickjs;
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(limits.stackBytes);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + limits.timeoutMs));
  const vm = runtime.newContext();
  const owned: { alive: boolean; dispose(): void }[] = [];
  const own = <T extends { alive: boolean; dispose(): void }>(h: T): T => {
    owned.push(h);
    return h;
  };
  let finished = false;
  let timer: NodeJS.Timeout | undefined;

  const unwrap = (result: ReturnType<typeof vm.evalCode>): QuickJSHandle => {
    if (result.error) {
      const message = errorMessage(vm.dump(result.error));
      result.error.dispose();
      throw new CodeToolError(message);
    }
    return own(result.value);
  };
  const setGlobal = (name: string, handle: QuickJSHandle) => vm.setProp(vm.global, name, handle);

  try {
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
              if (finished) return;
              const text = own(vm.newString(JSON.stringify(response)));
              deferred.resolve(text);
              runtime.executePendingJobs();
            },
            (err: unknown) => {
              if (finished) return;
              const error = own(vm.newError((err as Error).message ?? String(err)));
              deferred.reject(error);
              runtime.executePendingJobs();
            },
          );
          return deferred.handle;
        }),
      ),
    );
    unwrap(vm.evalCode(PRELUDE, 'prelude.js', { type: 'global' }));

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
    setGlobal('__tool', fn);
    setGlobal('__input', own(vm.newString(JSON.stringify(input ?? {}))));
    setGlobal('__secrets', own(vm.newString(JSON.stringify(host.secrets))));

    const promise = unwrap(vm.evalCode(RUN, 'run.js', { type: 'global' }));
    const settled = vm.resolvePromise(promise);
    runtime.executePendingJobs();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CodeToolError('the tool ran past its time limit')),
        limits.timeoutMs,
      );
    });
    const outcome = await Promise.race([settled, timeout]);
    const resultHandle = unwrap(outcome);
    const json = vm.getString(resultHandle);
    if (Buffer.byteLength(json) > limits.maxOutputBytes)
      throw new CodeToolError(`the tool's output is larger than ${limits.maxOutputBytes} bytes`);
    return JSON.parse(json) as unknown;
  } finally {
    finished = true;
    clearTimeout(timer);
    for (const h of owned.reverse()) if (h.alive) h.dispose();
    vm.dispose();
    runtime.dispose();
  }
}
