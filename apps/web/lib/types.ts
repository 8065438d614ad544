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
