import Type from 'typebox';
import { limitsSchema, planId, planSchema } from '../../lib/plans.js';
import { dateTime, errors, idParams, nullableString, object, uuid } from '../../lib/schemas.js';

export const DEFAULT_ORGS_LIMIT = 100;
export const DEFAULT_ORGS_OFFSET = 0;

const adminOrgSchema = object({
  id: uuid,
  name: Type.String(),
  plan: Type.String(),
  limits: limitsSchema,
  ownerEmail: nullableString,
  createdAt: dateTime,
  usage: object({
    toolCalls: Type.Integer(),
    servers: Type.Integer(),
    members: Type.Integer(),
  }),
});

export const listOrgsSchema = {
  summary: 'Instance admins: every organization with its plan and its usage this month',
  tags: ['admin'],
  querystring: object(
    {
      q: Type.String({ maxLength: 200 }),
      limit: Type.Integer({ minimum: 1, maximum: 200, default: DEFAULT_ORGS_LIMIT }),
      offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: DEFAULT_ORGS_OFFSET }),
    },
    [],
  ),
  response: {
    200: object({
      month: Type.String(),
      defaultPlan: planId,
      plans: Type.Array(planSchema),
      total: Type.Integer(),
      orgs: Type.Array(adminOrgSchema),
    }),
    ...errors(400, 403),
  },
};

export const setPlanSchema = {
  summary: "Instance admins: move an organization to another plan (audited in that organization's log)",
  tags: ['admin'],
  params: idParams,
  body: object({ plan: Type.String({ maxLength: 50 }) }),
  response: {
    200: object({
      id: uuid,
      plan: planId,
      previousPlan: Type.String(),
      changed: Type.Boolean(),
    }),
    ...errors(400, 403, 404),
  },
};
