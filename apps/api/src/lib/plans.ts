import { PLAN_IDS, PLANS } from '@bmm/config';
import Type from 'typebox';
import { object, stringEnum } from './schemas.js';

export const planId = stringEnum(PLAN_IDS);

/** What a plan allows (the `limits` of an org). */
export const limitsSchema = object({
  name: Type.String(),
  servers: Type.Integer(),
  members: Type.Integer(),
  toolCallsPerMonth: Type.Integer(),
});

export const planSchema = object({
  id: planId,
  name: Type.String(),
  servers: Type.Integer(),
  members: Type.Integer(),
  toolCallsPerMonth: Type.Integer(),
});

/** Every plan with what it allows, in picker order. */
export function planList() {
  return PLAN_IDS.map((id) => ({ id, ...PLANS[id]! }));
}
