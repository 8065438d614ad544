/**
 * Counts login attempts per email in a fixed window, in memory (per api instance; the per-IP
 * limit of @fastify/rate-limit sits in front of it). Bounded: the oldest entries are dropped.
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly capacity = 50_000,
  ) {}

  /** Records an attempt; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, now = Date.now()): number {
    let entry = this.attempts.get(key);
    if (!entry || entry.resetAt <= now) {
      this.attempts.delete(key);
      entry = { count: 0, resetAt: now + this.windowMs };
      this.attempts.set(key, entry);
      if (this.attempts.size > this.capacity) {
        const oldest = this.attempts.keys().next().value;
        if (oldest !== undefined) this.attempts.delete(oldest);
      }
    }
    entry.count += 1;
    return entry.count > this.max ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  reset(key: string): void {
    this.attempts.delete(key);
  }
}
