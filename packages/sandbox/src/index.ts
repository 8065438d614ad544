export { isPrivateAddress } from '@bmm/http/outbound';
export { clearCodeInstances } from './code-tool.js';
export { bodyToResult, pickPath, toolReturnToResult } from './content.js';
export { checkCodeCompiles, executeTool } from './execute.js';
export { templateHost } from './http-tool.js';
export { DEFAULT_LIMITS, type ResolvedLimits, resolveLimits } from './limits.js';
export { hostAllowed, safeFetch } from './network.js';
export type {
  CompileResult,
  LogLevel,
  StubResponse,
  ToolLimits,
  ToolResult,
  ToolRunOptions,
  UpstreamBridge,
  UpstreamCredential,
} from './types.js';
export {
  closeSandboxWorkers,
  configureSandboxPool,
  type SandboxPoolOptions,
  sandboxStats,
} from './worker-pool.js';
