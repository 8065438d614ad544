import Type from 'typebox';
import { limitsSchema, planSchema } from '../../lib/plans.js';
import { dateTime, errors, object, role, stringEnum, uuid } from '../../lib/schemas.js';
import { memberSchema } from '../../members/member.js';

const orgSchema = object({ id: uuid, name: Type.String(), plan: Type.String(), createdAt: dateTime });

export const activeOrgSchema = {
  summary: 'The active org: plan, usage against limits, members, encryption status',
  tags: ['orgs'],
  response: {
    200: object({
      org: orgSchema,
      role,
      limits: limitsSchema,
      usage: object({
        month: Type.String(),
        toolCalls: Type.Integer(),
        servers: Type.Integer(),
        members: Type.Integer(),
      }),
      members: Type.Array(memberSchema),
      encryption: object({
        masterKey: Type.Boolean(),
        keyVersion: Type.Integer(),
        encryptedSecrets: Type.Integer(),
      }),
      plans: Type.Array(planSchema),
      /**
       * How the org changes plan: `operator` on a self-hosted install (an instance admin sets
       * it), `billing_unavailable` where billing is meant but not built yet.
       */
      planChange: stringEnum(['operator', 'billing_unavailable']),
    }),
    ...errors(403, 404),
  },
};

export const renameOrgSchema = {
  summary: 'Rename the active org',
  tags: ['orgs'],
  body: object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
  response: { 200: object({ org: orgSchema }), ...errors(400, 403, 404) },
};

export const switchOrgSchema = {
  summary: 'Make another org of yours the active one for this session',
  tags: ['orgs'],
  body: object({ orgId: uuid }),
  response: { 200: object({ activeOrgId: uuid, role }), ...errors(400, 403, 404) },
};
