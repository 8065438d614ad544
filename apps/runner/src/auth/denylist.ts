import type { Db } from '@bmm/db';
import type { Logger } from '@bmm/logger';

/**
 * Revoked access-token ids (`oauth_token_denylist`), kept in memory: loaded at start, added to by
 * NOTIFY within milliseconds, and reloaded periodically as a safety net for missed notifications.
 */
export class Denylist {
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(jti: string): boolean {
    const exp = this.entries.get(jti);
    return exp !== undefined && exp * 1000 > Date.now() - 60_000;
  }

  add(jti: string, exp: number): void {
    this.entries.set(jti, Number.isFinite(exp) ? exp : Math.floor(Date.now() / 1000) + 3600);
  }

  async reload(): Promise<void> {
    try {
      const rows = await this.db
        .selectFrom('oauth_token_denylist')
        .select(['jti', 'expires_at'])
        .where('expires_at', '>', new Date())
        .execute();
      const now = Date.now();
      for (const [jti, exp] of this.entries) if (exp * 1000 < now - 60_000) this.entries.delete(jti);
      for (const row of rows)
        this.entries.set(row.jti, Math.floor(new Date(row.expires_at).getTime() / 1000));
    } catch (err) {
      this.logger.error({ err }, 'could not load the token denylist');
    }
  }
}
