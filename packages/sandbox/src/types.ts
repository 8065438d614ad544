import type { UpstreamCredential } from '@bmm/spec';

export type { UpstreamCredential };
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface ToolLimits {
  /** Wall-clock deadline of the whole call (VM time plus waiting on fetch), default 10 s. */
  timeoutMs?: number;
  /** VM (CPU) time budget of a code tool, default min(timeoutMs, 2 s): the VM blocks the event loop while it runs. */
  cpuMs?: number;
  /** QuickJS heap cap of a code tool, default 32 MiB. */
  memoryBytes?: number;
  /** QuickJS stack cap of a code tool, default and maximum 256 KiB. */
  stackBytes?: number;
  /** Size cap of a tool's serialized result, default 1 MiB. */
  maxOutputBytes?: number;
}

/**
 * The host side of upstream tokens. `get` rejects (with a message safe to show) when the user has
 * no usable token; `renew` is asked once after the upstream refused a token (HTTP 401).
 */
export interface UpstreamBridge {
  get(upstreamId: string): Promise<UpstreamCredential>;
  renew?(upstreamId: string, staleAccessToken: string): Promise<UpstreamCredential | null>;
}

/** A canned upstream answer (the builder's test step answers examples from their mockResponse). */
export interface StubResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as text, anything else as JSON. */
  body?: unknown;
}

export type CompileResult = { ok: true } | { ok: false; error: string };

export interface ToolRunOptions {
  secrets: Record<string, string>;
  /** spec.allowedHosts; an http tool's own URL host is added by `executeTool`. */
  allowedHosts: string[];
  /** Injectable transport (the builder's test step answers from examples' mockResponse). */
  fetch?: typeof fetch;
  /**
   * Every outbound request of the call (http tool or ctx.fetch) gets `response`, and nothing reaches the
   * network; `onRequest` hears each one ("GET https://…"). Unlike `fetch`, this works on worker threads.
   */
  stub?: { response: StubResponse; onRequest?: (request: string) => void };
  /** Default false: private, loopback, link-local and metadata addresses are refused after DNS resolution. */
  allowPrivateNetwork?: boolean;
  limits?: ToolLimits;
  /** Upstream tokens of the calling user (servers with upstream sign-in); absent: tools that ask fail. */
  upstream?: UpstreamBridge;
  /**
   * Calls with the same key may reuse a warmed VM of this tool, so module-level state persists
   * between them: give one key per server version and tool (never share it across servers or orgs).
   * Without a key every call gets a fresh VM.
   */
  reuseKey?: string;
  /**
   * `worker`: code tools run on a worker thread, so a long VM slice never blocks the caller's event
   * loop and a VM stuck in native code can be killed. Ignored when `fetch` is injected (a function
   * cannot cross threads). Default `thread`.
   */
  isolation?: 'thread' | 'worker';
  /**
   * The caller's tenant, for the worker pool's scheduling: calls queue per org and start round robin
   * under a per-org cap, so one org's runaway tools cannot hold the pool. Absent: one shared queue.
   */
  orgId?: string;
  onLog?: (level: LogLevel, message: string) => void;
  onProgress?: (progress: number, total?: number, message?: string) => void;
  signal?: AbortSignal;
}

export interface ToolResult {
  content: Array<Record<string, unknown>>;
  structuredContent?: Record<string, unknown>;
  isError: boolean;
}
