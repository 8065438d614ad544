/** Shapes of the control-plane API responses the pages use (see apps/api/src/routes). */

export type Role = 'owner' | 'admin' | 'member';

export interface OrgSummary {
  id: string;
  name: string;
  plan?: string;
  role: Role;
}

export interface Me {
  user: { id: string; email: string; name: string };
  orgs: OrgSummary[];
  activeOrg: OrgSummary | null;
}

/** `/v1/me` in whichever casing the API settled on. */
export function normalizeMe(raw: any): Me {
  const orgs: OrgSummary[] = raw?.orgs ?? [];
  const activeId =
    raw?.activeOrgId ?? raw?.active_org_id ?? raw?.activeOrg?.id ?? raw?.active_org?.id ?? raw?.org?.id;
  const activeOrg =
    raw?.activeOrg ?? raw?.active_org ?? orgs.find((o) => o.id === activeId) ?? orgs[0] ?? null;
  return { user: raw?.user, orgs, activeOrg };
}

export type BuildStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';

export interface BuildSummary {
  id: string;
  status: BuildStatus;
  version?: number | null;
  currentStep?: string | null;
  error?: string | null;
  createdAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export interface ServerSummary {
  id: string;
  name: string;
  slug: string;
  description?: string;
  status: string;
  visibility: 'org' | 'public' | 'allowlist';
  toolCount: number;
  currentVersion: number | null;
  mcpUrl: string;
  lastBuild: BuildSummary | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface InstallSnippet {
  client: string;
  id: string;
  where: string;
  language: 'shell' | 'json' | 'text';
  code: string;
}
