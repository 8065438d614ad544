import { executeTool, type LogLevel, type ToolResult, type UpstreamBridge } from '@bmm/sandbox';
import { activeTraceId, markSpanError, withSpan } from '@bmm/telemetry';
import type { CallerIdentity } from '../auth/identity.js';
import type { UsageRecorder } from '../usage/usage-recorder.js';
import type { CompiledTool, HostedVersion } from './hosted-version.js';

/** 1 s of VM time per call; 30 s wall clock including upstream waits. */
const TOOL_LIMITS = { timeoutMs: 30_000, cpuMs: 1_000 } as const;

export interface ToolExecutionDeps {
  allowPrivateNetwork: boolean;
  /** `worker` (default): code tools run on sandbox worker threads; `thread`: on this event loop. */
  toolIsolation?: 'worker' | 'thread';
  usage: UsageRecorder;
}

/** What one call brings besides its arguments: the SDK path and the fast path fill it alike. */
export interface ToolCallIo {
  signal: AbortSignal;
  onLog: (level: LogLevel, message: string) => void;
  onProgress?: (progress: number, total?: number, message?: string) => void;
  upstream?: UpstreamBridge;
}

/** Runs a hosted tool in the sandbox inside its `runner.tool_call` span. */
export function executeHostedTool(
  version: HostedVersion,
  tool: CompiledTool,
  args: Record<string, unknown>,
  deps: ToolExecutionDeps,
  io: ToolCallIo,
): Promise<ToolResult> {
  return withSpan(
    'runner.tool_call',
    { 'mcp.tool.name': tool.spec.name, 'mcp.tool.kind': tool.spec.impl.kind },
    async () => {
      const out = await executeTool(tool.spec, args, {
        secrets: version.secrets,
        allowedHosts: tool.allowedHosts,
        allowPrivateNetwork: deps.allowPrivateNetwork,
        signal: io.signal,
        limits: TOOL_LIMITS,
        ...(io.upstream && { upstream: io.upstream }),
        reuseKey: tool.reuseKey,
        isolation: deps.toolIsolation ?? 'worker',
        orgId: version.orgId,
        onLog: io.onLog,
        ...(io.onProgress && { onProgress: io.onProgress }),
      });
      if (out.isError) markSpanError('the tool returned an error');
      return out;
    },
  );
}

/** The most of a failed call's error the server page shows. */
export const MAX_ERROR_CHARS = 300;

/**
 * Why a call failed, fit to store and to show the server's members: the first text of the result,
 * on one line, with every secret value of the version replaced by its name (members cannot read
 * secrets; an error must not hand them one), at most MAX_ERROR_CHARS. Upstream tokens are scrubbed
 * from the result before it gets here.
 */
export function errorSummary(
  result: Pick<ToolResult, 'content'> | string,
  secrets: Record<string, string>,
): string {
  const raw =
    typeof result === 'string'
      ? result
      : ((result.content as { type: string; text?: string }[] | undefined)?.find(
          (c) => c.type === 'text' && typeof c.text === 'string' && c.text.trim() !== '',
        )?.text ?? 'The tool failed without saying why.');
  let text = raw;
  // Longest first, so a secret that contains another is replaced whole.
  for (const [name, value] of Object.entries(secrets).sort((a, b) => b[1].length - a[1].length))
    if (value.length >= 4) text = text.replaceAll(value, `[${name}]`);
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

/** One call into usage_events and the metrics (no arguments, never a token or a secret). */
export function recordToolCall(
  deps: ToolExecutionDeps,
  version: HostedVersion,
  tool: CompiledTool,
  caller: CallerIdentity | undefined,
  status: 'ok' | 'error',
  started: number,
  /** For a failed call: its result (tokens already scrubbed) or a sentence saying why. */
  failure?: Pick<ToolResult, 'content'> | string,
): void {
  deps.usage.record({
    orgId: version.orgId,
    serverId: version.serverId,
    tool: tool.spec.name,
    userId: caller?.userId ?? null,
    clientId: caller?.clientId ?? null,
    status,
    durationMs: Math.round(performance.now() - started),
    traceId: activeTraceId() ?? null,
    error: status === 'error' && failure !== undefined ? errorSummary(failure, version.secrets) : null,
  });
}
