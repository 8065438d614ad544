import type { LogLevel, ToolLimits, ToolResult, UpstreamCredential } from './types.js';

export type WorkerRequest =
  | {
      type: 'run';
      id: number;
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
    }
  | { type: 'cancel'; id: number }
  | { type: 'upstream-result'; id: number; reqId: number; credential?: UpstreamCredential; message?: string };

export type WorkerReply =
  | { type: 'log'; id: number; level: LogLevel; message: string }
  | { type: 'progress'; id: number; progress: number; total?: number; message?: string }
  | { type: 'upstream'; id: number; reqId: number; upstreamId: string }
  /** vmMs: this worker's VM time since it started (cumulative, for metrics). */
  | { type: 'result'; id: number; result: ToolResult; vmMs: number };
