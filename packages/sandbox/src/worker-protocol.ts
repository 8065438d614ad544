import type {
  CompileResult,
  LogLevel,
  StubResponse,
  ToolLimits,
  ToolResult,
  UpstreamCredential,
} from './types.js';

/** Work for a worker, without the id the pool gives it when it starts. */
export type WorkerJob =
  | {
      type: 'run';
      source: string;
      input: Record<string, unknown>;
      secrets: Record<string, string>;
      allowedHosts: string[];
      allowPrivateNetwork: boolean;
      limits?: ToolLimits;
      reuseKey?: string;
      wantsProgress: boolean;
      /** The caller has an upstream bridge: ctx.upstream() asks it over this port. */
      hasUpstream: boolean;
      /** Every ctx.fetch gets this answer (each request is reported back); nothing reaches the network. */
      stubResponse?: StubResponse;
    }
  | { type: 'compile'; source: string };

export type WorkerRequest =
  | (WorkerJob & { id: number })
  | { type: 'cancel'; id: number }
  | { type: 'upstream-result'; id: number; reqId: number; credential?: UpstreamCredential; message?: string };

export type WorkerReply =
  | { type: 'log'; id: number; level: LogLevel; message: string }
  | { type: 'progress'; id: number; progress: number; total?: number; message?: string }
  | { type: 'upstream'; id: number; reqId: number; upstreamId: string }
  /** A stubbed request the tool made ("GET https://…"). */
  | { type: 'request'; id: number; request: string }
  | { type: 'compiled'; id: number; result: CompileResult }
  /** vmMs: this worker's VM time since it started (cumulative, for metrics). */
  | { type: 'result'; id: number; result: ToolResult; vmMs: number };
