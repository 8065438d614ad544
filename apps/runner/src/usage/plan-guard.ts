import { planLimits } from '@bmm/config';
import type { Db } from '@bmm/db';
import type { Logger } from '@bmm/logger';
import { sql } from 'kysely';
import type { UsageRecorder } from './usage-recorder.js';

interface OrgUsage {
  month: string;
  limit: number;
  /** Calls in usage_daily this month when last read. */
  stored: number;
  /** Calls this runner recorded since that read. */
  local: number;
  readAt: number;
  refreshing?: Promise<void>;
}

const REFRESH_MS = 15_000;

/** The current UTC month ("2026-12"), recomputed only when the clock leaves the month it was computed for. */
const thisMonth = { value: '', from: 0, until: 0 };
function currentMonth(): string {
  const now = Date.now();
  if (now < thisMonth.from || now >= thisMonth.until) {
    const date = new Date(now);
    thisMonth.value = date.toISOString().slice(0, 7);
    thisMonth.from = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    thisMonth.until = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return thisMonth.value;
}

/** Seconds until the first day of next month (UTC): when a monthly limit resets. */
export function secondsUntilNextMonth(now = new Date()): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/**
 * The monthly tool-call limit of each org's plan. Reads the month's total from usage_daily at most every
 * 15 s per org and counts this runner's own calls in between, so the check costs no query per call.
 * With several runners an org can overshoot by what the others did within one refresh window.
 */
export class PlanGuard {
  private readonly orgs = new Map<string, OrgUsage>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    usage: UsageRecorder,
  ) {
    usage.subscribe((event) => {
      const org = this.orgs.get(event.orgId);
      if (org) org.local++;
    });
  }

  /** Whether the org may make another call now; undefined when it may, else seconds until reset. */
  async check(orgId: string): Promise<number | undefined> {
    const month = currentMonth();
    let org = this.orgs.get(orgId);
    if (!org || org.month !== month) {
      await this.read(orgId, month);
      org = this.orgs.get(orgId);
    } else if (Date.now() - org.readAt > REFRESH_MS && !org.refreshing) {
      org.refreshing = this.read(orgId, month);
    }
    if (!org) return undefined;
    return org.stored + org.local >= org.limit ? secondsUntilNextMonth() : undefined;
  }

  private async read(orgId: string, month: string): Promise<void> {
    try {
      const row = await this.db
        .selectFrom('orgs')
        .leftJoin('usage_daily', (j) =>
          j.onRef('usage_daily.org_id', '=', 'orgs.id').on('usage_daily.day', '>=', `${month}-01`),
        )
        .select(['orgs.plan', sql<string>`coalesce(sum(usage_daily.calls), 0)`.as('calls')])
        .where('orgs.id', '=', orgId)
        .groupBy('orgs.plan')
        .executeTakeFirst();
      this.orgs.set(orgId, {
        month,
        limit: planLimits(row?.plan ?? 'free').toolCallsPerMonth,
        stored: Number(row?.calls ?? 0),
        local: 0,
        readAt: Date.now(),
      });
    } catch (err) {
      this.logger.error({ err, orgId }, 'could not read plan usage');
      const org = this.orgs.get(orgId);
      if (org) org.refreshing = undefined;
    }
  }
}
