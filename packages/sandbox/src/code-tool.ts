import type { CodeImpl } from '@bmm/spec';
import { CodeInstance, describeGuestError, loadQuickJS } from './code-instance.js';
import { toolReturnToResult } from './content.js';
import { errorResult, ToolError } from './errors.js';
import { resolveLimits } from './limits.js';
import type { CompileResult, ToolResult, ToolRunOptions } from './types.js';

const MAX_IDLE_PER_SOURCE = 4;
const MAX_IDLE_TOTAL = 64;

/**
 * Idle, warmed instances by reuse key + source (least recently used first), so a call skips context
 * setup. The caller's key scopes reuse to one server version's tool: module state never crosses tenants.
 */
const idle = new Map<string, CodeInstance[]>();
let idleCount = 0;

function takeIdle(source: string): CodeInstance | undefined {
  const list = idle.get(source);
  while (list?.length) {
    const instance = list.pop()!;
    idleCount--;
    if (list.length === 0) idle.delete(source);
    if (instance.usable) return instance;
  }
  return undefined;
}

function putIdle(source: string, instance: CodeInstance): void {
  const list = idle.get(source) ?? [];
  if (list.length >= MAX_IDLE_PER_SOURCE) {
    instance.dispose();
    return;
  }
  idle.delete(source);
  idle.set(source, [...list, instance]);
  idleCount++;
  while (idleCount > MAX_IDLE_TOTAL) {
    const [oldest, oldList] = idle.entries().next().value as [string, CodeInstance[]];
    oldList.shift()?.dispose();
    idleCount--;
    if (oldList.length === 0) idle.delete(oldest);
  }
}

/** Disposes every idle instance (tests, shutdown). */
export function clearCodeInstances(): void {
  for (const list of idle.values()) for (const instance of list) instance.dispose();
  idle.clear();
  idleCount = 0;
}

export async function executeCodeTool(
  impl: CodeImpl,
  input: Record<string, unknown>,
  options: ToolRunOptions,
): Promise<ToolResult> {
  const limits = resolveLimits(options.limits);
  const key = options.reuseKey === undefined ? undefined : `${options.reuseKey}\n${impl.source}`;
  let instance = key === undefined ? undefined : takeIdle(key);
  try {
    instance ??= await CodeInstance.create(impl.source, limits);
  } catch (err) {
    return errorResult(
      err instanceof ToolError ? err.message : "The tool's code could not be loaded",
      options.secrets,
    );
  }
  // Tokens handed to the guest are redacted from its error messages like secrets are.
  const handedOut: Record<string, string> = { ...options.secrets };
  const bridge = options.upstream;
  const callOptions: ToolRunOptions = bridge
    ? {
        ...options,
        upstream: {
          get: async (id) => {
            const credential = await bridge.get(id);
            handedOut[`\0upstream:${id}`] = credential.accessToken;
            return credential;
          },
        },
      }
    : options;
  const { outcome, reusable } = await instance.call(input, callOptions, limits);
  if (reusable && key !== undefined) putIdle(key, instance);
  else instance.dispose();
  if (outcome.kind !== 'ok') return errorResult(outcome.message, handedOut);
  return toolReturnToResult(JSON.parse(outcome.json));
}

/** Whether a code tool's source loads as a module whose default export is a function. */
export async function checkCodeCompiles(source: string): Promise<CompileResult> {
  const module = await loadQuickJS();
  const runtime = module.newRuntime();
  const limits = resolveLimits({ timeoutMs: 1000 });
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(limits.stackBytes);
  const deadline = Date.now() + limits.timeoutMs;
  runtime.setInterruptHandler(() => Date.now() > deadline);
  const vm = runtime.newContext();
  try {
    const compiled = vm.evalCode(source, 'tool.js', { type: 'module', compileOnly: true });
    if (compiled.error) {
      const dumped = vm.dump(compiled.error) as { stack?: unknown };
      compiled.error.dispose();
      const line = typeof dumped?.stack === 'string' ? dumped.stack.match(/tool\.js:(\d+)/)?.[1] : undefined;
      return { ok: false, error: `${describeGuestError(dumped)}${line ? ` (line ${line})` : ''}` };
    }
    compiled.value.dispose();
    try {
      const instance = await CodeInstance.create(source, limits);
      instance.dispose();
    } catch (err) {
      return { ok: false, error: err instanceof ToolError ? err.message : 'The code could not be loaded' };
    }
    return { ok: true };
  } finally {
    vm.dispose();
    runtime.dispose();
  }
}
