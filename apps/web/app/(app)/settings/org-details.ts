import type { Role } from '@/lib/types';

/** What `GET /v1/me/org` answers: the org, the caller's role, plan, usage and members. */
export interface OrgDetails {
  org: { id: string; name: string; plan: string; createdAt: string };
  role: Role;
  limits: { name: string; servers: number; members: number; toolCallsPerMonth: number };
  usage: { month: string; toolCalls: number; servers: number; members: number };
  members: { userId: string; email: string; name: string; role: Role; joinedAt: string }[];
  encryption: { masterKey: boolean; keyVersion: number; encryptedSecrets: number };
  plans: { id: string; name: string; servers: number; members: number; toolCallsPerMonth: number }[];
  /** operator: a self-hosted install (an instance admin sets plans); billing_unavailable: billing is meant but not built. */
  planChange: 'operator' | 'billing_unavailable';
}
