import type { Answer } from '@/lib/api';

/** What `GET /v1/me/org` answers: the org, the caller's role, plan, usage and members. */
export type OrgDetails = Answer<'/v1/me/org'>;
