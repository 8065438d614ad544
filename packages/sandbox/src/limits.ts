import type { ToolLimits } from './types.js';

export interface ResolvedLimits {
  timeoutMs: number;
  cpuMs: number;
  memoryBytes: number;
  stackBytes: number;
  maxOutputBytes: number;
}

export const DEFAULT_LIMITS: ResolvedLimits = {
  timeoutMs: 10_000,
  cpuMs: 2_000,
  memoryBytes: 32 * 1024 * 1024,
  stackBytes: 256 * 1024,
  maxOutputBytes: 1024 * 1024,
};

/** Upstream response cap of http tools and ctx.fetch when the spec sets none; 5 MiB is the hard maximum. */
export const DEFAULT_RESPONSE_BYTES = 1024 * 1024;
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/**
 * QuickJS's own stack check must trip before V8's native stack (about 1 MB, shared with the host's
 * frames) overflows under the WASM frames; beyond this the host would throw instead of the guest.
 */
export const MAX_STACK_BYTES = 256 * 1024;

export function resolveLimits(limits: ToolLimits = {}): ResolvedLimits {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  return {
    timeoutMs,
    cpuMs: Math.min(limits.cpuMs ?? DEFAULT_LIMITS.cpuMs, timeoutMs),
    memoryBytes: limits.memoryBytes ?? DEFAULT_LIMITS.memoryBytes,
    stackBytes: Math.min(limits.stackBytes ?? DEFAULT_LIMITS.stackBytes, MAX_STACK_BYTES),
    maxOutputBytes: limits.maxOutputBytes ?? DEFAULT_LIMITS.maxOutputBytes,
  };
}
