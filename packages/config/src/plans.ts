/** What each plan allows. Enforced by the API (servers, members) and the runner (tool calls). */
export interface PlanLimits {
  name: string;
  servers: number;
  members: number;
  toolCallsPerMonth: number;
}

export const PLANS: Record<string, PlanLimits> = {
  free: { name: 'Free', servers: 5, members: 5, toolCallsPerMonth: 10_000 },
  team: { name: 'Team', servers: 50, members: 50, toolCallsPerMonth: 1_000_000 },
  self_hosted: { name: 'Self-hosted', servers: 10_000, members: 10_000, toolCallsPerMonth: 1_000_000_000 },
};

/** The plan ids, in the order a picker lists them. */
export const PLAN_IDS = ['free', 'team', 'self_hosted'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export function isPlanId(value: string): value is PlanId {
  return (PLAN_IDS as readonly string[]).includes(value);
}

export function planLimits(plan: string): PlanLimits {
  return PLANS[plan] ?? PLANS.free!;
}
