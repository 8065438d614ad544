/** Shapes of the control-plane API responses the pages use (see apps/api/src/routes). */

export type Role = 'owner' | 'admin' | 'member';

export interface OrgSummary {
  id: string;
  name: string;
  plan?: string;
  role: Role;
}

export interface Me {
  user: { id: string; email: string; name: string; emailVerified?: boolean; instanceAdmin?: boolean };
  orgs: OrgSummary[];
  activeOrg: OrgSummary | null;
  /** Where verification links go: `server_log` when the platform has no SMTP server. */
  emailDelivery?: 'email' | 'server_log';
}

/** `/v1/me` in whichever casing the API settled on. */
export function normalizeMe(raw: any): Me {
  const orgs: OrgSummary[] = raw?.orgs ?? [];
  const activeId =
    raw?.activeOrgId ?? raw?.active_org_id ?? raw?.activeOrg?.id ?? raw?.active_org?.id ?? raw?.org?.id;
  const activeOrg =
    raw?.activeOrg ?? raw?.active_org ?? orgs.find((o) => o.id === activeId) ?? orgs[0] ?? null;
  return { user: raw?.user, orgs, activeOrg, emailDelivery: raw?.emailDelivery };
}

export type BuildStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';

export interface ServerSummary {
  id: string;
  name: string;
  slug: string;
  description: string;
  /** building: a build is queued or running; live: a version is served; failed: never built successfully. */
  status: 'building' | 'live' | 'failed' | 'inactive';
  visibility: 'org' | 'public' | 'allowlist';
  allowlist: string[];
  toolCount: number;
  currentVersion: number | null;
  latestVersion: number | null;
  latestBuild: { id: string; status: BuildStatus } | null;
  mcpUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface ServerVersion {
  id: string;
  version: number;
  specHash: string | null;
  publishedAt: string | null;
  createdAt: string;
  current: boolean;
}

export interface ServerDetail {
  server: ServerSummary;
  spec: Record<string, any> | null;
  versions: ServerVersion[];
  installSnippets: InstallSnippet[];
  connectedClients: number;
}

export interface Build {
  id: string;
  serverId: string;
  versionId: string;
  version: number;
  status: BuildStatus;
  currentStep: string | null;
  error: string | null;
  attempts: number;
  cancelRequestedAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface InstallSnippet {
  client: string;
  id: string;
  where: string;
  language: 'shell' | 'json' | 'text';
  code: string;
}
