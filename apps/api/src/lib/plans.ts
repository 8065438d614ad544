import { PLAN_IDS, PLANS } from '@bmm/config';
import { object } from './schemas.js';

export const planId = { type: 'string', enum: [...PLAN_IDS] } as const;

/** What a plan allows (the `limits` of an org). */
export const limitsSchema = object({
  name: { type: 'string' },
  servers: { type: 'integer' },
  members: { type: 'integer' },
  toolCallsPerMonth: { type: 'integer' },
});

export const planSchema = object({
  id: planId,
  name: { type: 'string' },
  servers: { type: 'integer' },
  members: { type: 'integer' },
  toolCallsPerMonth: { type: 'integer' },
});

/** Every plan with what it allows, in picker order. */
export function planList() {
  return PLAN_IDS.map((id) => ({ id, ...PLANS[id]! }));
}
