import type { Db } from '@bmm/db';

export interface LiveServer {
  id: string;
  orgId: string;
  orgName: string;
  slug: string;
  name: string;
  visibility: 'org' | 'public' | 'allowlist';
  allowlist: string[];
  /** The deployed spec (artifact, or spec when no artifact was stored). */
  spec: { tools?: { name: string; title?: string; description?: string; scopes?: string[] }[] };
}

export async function findLiveServerBySlug(db: Db, slug: string): Promise<LiveServer | null> {
  return await findLiveServer(db, 'slug', slug);
}

export async function findLiveServerById(db: Db, id: string): Promise<LiveServer | null> {
  return await findLiveServer(db, 'id', id);
}

async function findLiveServer(db: Db, by: 'slug' | 'id', value: string): Promise<LiveServer | null> {
  const row = await db
    .selectFrom('servers as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .innerJoin('server_versions as v', 'v.id', 's.current_version_id')
    .select([
      's.id',
      's.org_id',
      'o.name as org_name',
      's.slug',
      's.name',
      's.visibility',
      's.allowlist',
      'v.artifact',
      'v.spec',
    ])
    .where(by === 'slug' ? 's.slug' : 's.id', '=', value)
    .where('s.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    orgId: row.org_id,
    orgName: row.org_name,
    slug: row.slug,
    name: row.name,
    visibility: row.visibility,
    allowlist: row.allowlist,
    spec: (row.artifact ?? row.spec ?? {}) as LiveServer['spec'],
  };
}

/** Whether the user is a member of the org. */
export async function isOrgMember(db: Db, orgId: string, userId: string): Promise<boolean> {
  const member = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return member !== undefined;
}
