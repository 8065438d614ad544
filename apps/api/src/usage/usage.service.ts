import { planLimits } from '@bmm/config';
import type { Db } from '@bmm/db';
import { findOrg, monthStart } from '../orgs/orgs.repository.js';
import { dailyUsage } from './usage.repository.js';

export interface ServerUsage {
  serverId: string;
  slug: string;
  name: string;
  calls: number;
  errors: number;
  days: { day: string; calls: number; errors: number }[];
}

/** An org's tool calls per server per day this month, with its plan's limits. */
export async function monthUsage(db: Db, orgId: string) {
  const start = monthStart();
  const [org, rows] = await Promise.all([findOrg(db, orgId), dailyUsage(db, orgId, start)]);
  const servers = new Map<string, ServerUsage>();
  for (const r of rows) {
    let s = servers.get(r.server_id);
    if (!s) {
      s = { serverId: r.server_id, slug: r.slug, name: r.name, calls: 0, errors: 0, days: [] };
      servers.set(r.server_id, s);
    }
    s.calls += r.calls;
    s.errors += r.errors;
    s.days.push({ day: r.dayText, calls: r.calls, errors: r.errors });
  }
  const list = [...servers.values()];
  const plan = org?.plan ?? 'free';
  return {
    month: start.slice(0, 7),
    plan,
    limits: planLimits(plan),
    totals: {
      calls: list.reduce((n, s) => n + s.calls, 0),
      errors: list.reduce((n, s) => n + s.errors, 0),
    },
    servers: list,
  };
}
