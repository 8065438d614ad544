import type { TicketClaims } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { apiKeyMaySeeBuild, memberMaySeeBuild } from '../builds/builds.repository.js';

/**
 * Whether the holder named in a build-log ticket may still see that build: a person who is still a
 * member of the build's org, or an API key of that org that is not revoked. A ticket outlives neither
 * a removed membership nor a revoked key, even within its 60 seconds.
 */
export async function ticketHolderMaySee(db: Db, claims: TicketClaims, buildId: string): Promise<boolean> {
  const { userId, apiKeyId } = claims;
  if (isUuid(userId)) return await memberMaySeeBuild(db, buildId, userId);
  if (isUuid(apiKeyId)) return await apiKeyMaySeeBuild(db, buildId, apiKeyId);
  return false;
}

const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
