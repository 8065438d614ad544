import type { TicketClaims } from '@bmm/crypto';
import type { Db } from '@bmm/db';

/**
 * Whether the holder named in a build-log ticket may still see that build: a person who is still a
 * member of the build's org, or an API key of that org that is not revoked. A ticket outlives neither
 * a removed membership nor a revoked key, even within its 60 seconds.
 */
export async function ticketHolderMaySee(db: Db, claims: TicketClaims, buildId: string): Promise<boolean> {
  const { userId, apiKeyId } = claims;
  if (isUuid(userId)) {
    const row = await db
      .selectFrom('builds')
      .innerJoin('memberships', 'memberships.org_id', 'builds.org_id')
      .select('builds.id')
      .where('builds.id', '=', buildId)
      .where('memberships.user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }
  if (isUuid(apiKeyId)) {
    const row = await db
      .selectFrom('builds')
      .innerJoin('api_keys', 'api_keys.org_id', 'builds.org_id')
      .select('builds.id')
      .where('builds.id', '=', buildId)
      .where('api_keys.id', '=', apiKeyId)
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }
  return false;
}

const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
