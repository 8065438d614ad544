import type { Db } from '@bmm/db';

/** Tool calls per server per day of an org since a day (YYYY-MM-DD), by slug then day. */
export function dailyUsage(db: Db, orgId: string, since: string) {
  return db
    .selectFrom('usage_daily as d')
    .innerJoin('servers as s', 's.id', 'd.server_id')
    .select(['d.server_id', 's.slug', 's.name', 'd.day', 'd.calls', 'd.errors'])
    .select((eb) => eb.fn<string>('to_char', ['d.day', eb.val('YYYY-MM-DD')]).as('dayText'))
    .where('d.org_id', '=', orgId)
    .where('s.org_id', '=', orgId)
    .where('d.day', '>=', since)
    .orderBy('s.slug')
    .orderBy('d.day')
    .execute();
}
