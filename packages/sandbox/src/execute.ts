import type { ToolSpec } from '@bmm/spec';
import { executeCodeTool } from './code-tool.js';
import { errorResult } from './errors.js';
import { executeHttpTool } from './http-tool.js';
import type { ToolResult, ToolRunOptions } from './types.js';
import { executeCodeToolInWorker } from './worker-pool.js';

/** Runs one tool call; every failure (upstream, limits, guest errors) comes back as `isError: true`. */
export async function executeTool(
  tool: ToolSpec,
  input: Record<string, unknown>,
  options: ToolRunOptions,
): Promise<ToolResult> {
  if (options.signal?.aborted) return errorResult('Tool call was cancelled', options.secrets);
  switch (tool.impl.kind) {
    case 'http':
      return executeHttpTool(tool.impl, input, options);
    case 'code':
      return options.isolation === 'worker' && !options.fetch
        ? executeCodeToolInWorker(tool.impl, input, options)
        : executeCodeTool(tool.impl, input, options);
    default:
      return errorResult('Unknown tool implementation', options.secrets);
  }
}
