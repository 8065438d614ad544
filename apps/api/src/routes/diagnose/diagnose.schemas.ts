import Type from 'typebox';
import { anyObject, dateTime, errors, nullable, object, stringEnum } from '../../lib/schemas.js';

const exchangeSchema = object(
  {
    request: Type.String(),
    status: nullable<number>('integer'),
    headers: Type.Unsafe<Record<string, string>>({
      type: 'object',
      additionalProperties: { type: 'string' },
    }),
    fields: anyObject,
    error: Type.String(),
  },
  ['request', 'status', 'headers'],
);

const stepSchema = object({
  id: Type.String(),
  title: Type.String(),
  status: stringEnum(['pass', 'warn', 'fail', 'skip']),
  detail: Type.String(),
  clause: Type.String(),
  evidence: Type.Array(exchangeSchema),
});

const count = Type.Integer({ minimum: 0 });

const diagnosisSchema = object({
  url: Type.String(),
  checkedAt: dateTime,
  durationMs: Type.Integer({ minimum: 0 }),
  summary: object({ pass: count, warn: count, fail: count, skip: count }),
  steps: Type.Array(stepSchema),
});

export const diagnoseSchema = {
  summary: 'Check a remote MCP server’s OAuth discovery step by step (nothing is stored)',
  tags: ['diagnose'],
  body: object(
    {
      url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' }),
      probeRegistration: Type.Boolean({
        description: 'Register (and then delete) a throw-away client to prove dynamic registration works.',
      }),
    },
    ['url'],
  ),
  response: { 200: diagnosisSchema, ...errors(400, 429) },
};
