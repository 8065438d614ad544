import type {
  CompileResult,
  LogLevel,
  StubResponse,
  ToolLimits,
  ToolResult,
  UpstreamCredential,
} from './types.js';

/**
 * The pool and its workers exchange arrays of these: everything one side has for the other at the end
 * of an event-loop turn goes as one message (a message's fixed cost is far above its content's).
 * A `run` always has every key (one object shape), absent values `undefined`.
 */
export type WorkerRequest =
  | {
      type: 'run';
      id: number;
      source: string;
      input: Record<string, unknown>;
      secrets: Record<string, string>;
      allowedHosts: string[];
      allowPrivateNetwork: boolean;
      limits: ToolLimits | undefined;
      reuseKey: string | undefined;
      wantsProgress: boolean;
      /** The caller has an upstream bridge: ctx.upstream() asks it over this port. */
      hasUpstream: boolean;
      /** Every ctx.fetch gets this answer (each request is reported back); nothing reaches the network. */
      stubResponse: StubResponse | undefined;
    }
  | { type: 'compile'; id: number; source: string }
  | { type: 'cancel'; id: number }
  | { type: 'upstream-result'; id: number; reqId: number; credential?: UpstreamCredential; message?: string };

export type WorkerReply =
  /** Sent once at start: the worker's OS thread id (Linux), for the pool's priority control. */
  | { type: 'thread'; id: 0; tid: number }
  | { type: 'log'; id: number; level: LogLevel; message: string }
  | { type: 'progress'; id: number; progress: number; total?: number; message?: string }
  | { type: 'upstream'; id: number; reqId: number; upstreamId: string }
  /** A stubbed request the tool made ("GET https://…"). */
  | { type: 'request'; id: number; request: string }
  | { type: 'compiled'; id: number; result: CompileResult }
  /** vmMs: this worker's VM time since it started (cumulative, for metrics). */
  | { type: 'result'; id: number; result: ToolResult; vmMs: number };
