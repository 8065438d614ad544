/**
 * When to restart a crashed service and when to give up on it: exponential backoff from
 * `initialDelayMs` up to `maxDelayMs`, back to the start after a run of `stableAfterMs` without a
 * crash; a crash loop (`maxCrashes` crashes within `windowMs`) means giving up.
 */
export interface RestartPolicyOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  maxCrashes: number;
  windowMs: number;
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 60_000,
  stableAfterMs: 60_000,
};

export type RestartDecision =
  | { action: 'restart'; delayMs: number; crashesInWindow: number }
  | { action: 'give-up'; crashesInWindow: number };

export class RestartPolicy {
  private crashes: number[] = [];
  private nextDelayMs: number;

  constructor(readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {
    this.nextDelayMs = options.initialDelayMs;
  }

  /** Records a crash at `now` of a process that had been up for `uptimeMs`; says what to do. */
  onCrash(now: number, uptimeMs: number): RestartDecision {
    const { windowMs, maxCrashes, initialDelayMs, maxDelayMs, stableAfterMs } = this.options;
    this.crashes = [...this.crashes.filter((t) => now - t < windowMs), now];
    if (this.crashes.length >= maxCrashes) return { action: 'give-up', crashesInWindow: this.crashes.length };
    if (uptimeMs >= stableAfterMs) this.nextDelayMs = initialDelayMs;
    const delayMs = this.nextDelayMs;
    this.nextDelayMs = Math.min(maxDelayMs, delayMs * 2);
    return { action: 'restart', delayMs, crashesInWindow: this.crashes.length };
  }
}
