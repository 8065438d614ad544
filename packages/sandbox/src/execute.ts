import type { ToolSpec } from '@bmm/spec';
import { checkCodeCompiles as checkInThread, executeCodeTool } from './code-tool.js';
import { errorResult } from './errors.js';
import { executeHttpTool } from './http-tool.js';
import { stubFetch } from './stub.js';
import type { CompileResult, ToolResult, ToolRunOptions } from './types.js';
import { checkCodeCompilesInWorker, executeCodeToolInWorker } from './worker-pool.js';

/** Runs one tool call; every failure (upstream, limits, guest errors) comes back as `isError: true`. */
export async function executeTool(
  tool: ToolSpec,
  input: Record<string, unknown>,
  options: ToolRunOptions,
): Promise<ToolResult> {
  if (options.signal?.aborted) return errorResult('Tool call was cancelled', options.secrets);
  const inThread: ToolRunOptions = options.stub
    ? { ...options, fetch: stubFetch(options.stub.response, options.stub.onRequest) }
    : options;
  switch (tool.impl.kind) {
    case 'http':
      return executeHttpTool(tool.impl, input, inThread);
    case 'code':
      return options.isolation === 'worker' && !options.fetch
        ? executeCodeToolInWorker(tool.impl, input, options)
        : executeCodeTool(tool.impl, input, inThread);
    default:
      return errorResult('Unknown tool implementation', options.secrets);
  }
}

/**
 * Whether a code tool's source loads as a module whose default export is a function. `worker`
 * isolation checks it on a sandbox worker thread (in `orgId`'s queue), off the caller's event loop.
 */
export async function checkCodeCompiles(
  source: string,
  options: { isolation?: 'thread' | 'worker'; orgId?: string } = {},
): Promise<CompileResult> {
  return options.isolation === 'worker'
    ? checkCodeCompilesInWorker(source, options.orgId)
    : checkInThread(source);
}
