import Type from 'typebox';
import {
  anyObject,
  dateTime,
  errors,
  nullable,
  nullableString,
  object,
  stringEnum,
} from '../../lib/schemas.js';

export const DEFAULT_AUDIT_LIMIT = 50;

const actorType = stringEnum(['user', 'api_key', 'system', 'oauth_client']);

const eventSchema = object({
  id: Type.String(),
  actorType,
  actorId: nullableString,
  actorLabel: nullableString,
  action: Type.String(),
  resourceType: Type.String(),
  resourceId: nullableString,
  resourceName: nullable<string>('string', {
    description: 'What the resource is called, for servers, connectors, clients, members and API keys',
  }),
  resourceExists: Type.Boolean({
    description: 'The resource is still there (not deleted, revoked or gone from the org)',
  }),
  ip: nullableString,
  userAgent: nullableString,
  metadata: anyObject,
  createdAt: dateTime,
});

/** One action (`server.update`) or a prefix (`server.*`): lower-case dotted words. */
const ACTION_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?$';

export const listAuditSchema = {
  summary: "The org's audit events, newest first (cursor-paginated)",
  tags: ['audit'],
  querystring: object(
    {
      action: Type.String({
        maxLength: 100,
        pattern: ACTION_PATTERN,
        description: 'One action (`server.update`) or every action under a prefix (`server.*`)',
      }),
      resourceType: Type.String({ maxLength: 100 }),
      resourceId: Type.String({ maxLength: 100 }),
      actorType,
      actorId: Type.String({ maxLength: 100 }),
      from: dateTime,
      to: dateTime,
      cursor: Type.String({ pattern: '^[0-9]{1,18}$', description: 'nextCursor of the previous page' }),
      limit: Type.Integer({ minimum: 1, maximum: 200, default: DEFAULT_AUDIT_LIMIT }),
    },
    [],
  ),
  response: {
    200: object({ events: Type.Array(eventSchema), nextCursor: nullableString }),
    ...errors(400, 403),
  },
};

export const auditFacetsSchema = {
  summary: "What the audit log's filters can offer: the actions and named resources in the org's log",
  tags: ['audit'],
  response: {
    200: object({
      actions: Type.Array(Type.String()),
      resources: Type.Array(
        object({
          type: Type.String(),
          id: Type.String(),
          name: nullableString,
          exists: Type.Boolean(),
        }),
        { description: 'The 300 most recently touched servers, connectors, clients, members and API keys' },
      ),
    }),
    ...errors(403),
  },
};
