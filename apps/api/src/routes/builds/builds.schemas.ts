import Type from 'typebox';
import { buildSchema, buildStatus } from '../../builds/builds.schemas.js';
import { dateTime, errors, idParams, nullableString, object } from '../../lib/schemas.js';

export const DEFAULT_LOG_SINCE = 0;
export const DEFAULT_LOG_LIMIT = 1000;

const logLine = object({
  seq: Type.Integer(),
  ts: dateTime,
  level: Type.String(),
  step: nullableString,
  message: Type.String(),
});

export const getBuildSchema = {
  summary: 'One build: status, current step, error, timings',
  tags: ['builds'],
  params: idParams,
  response: { 200: object({ build: buildSchema }), ...errors(400, 403, 404) },
};

export const listServerBuildsSchema = {
  summary: "A server's builds, newest first (at most 50)",
  tags: ['builds'],
  params: idParams,
  response: {
    200: object({ builds: Type.Array(buildSchema) }),
    ...errors(400, 403, 404),
  },
};

export const buildLogsSchema = {
  summary: 'Stored log lines of a build after `since` (a seq), oldest first',
  tags: ['builds'],
  params: idParams,
  querystring: object(
    {
      since: Type.Integer({ minimum: 0, default: DEFAULT_LOG_SINCE }),
      limit: Type.Integer({ minimum: 1, maximum: 5000, default: DEFAULT_LOG_LIMIT }),
    },
    [],
  ),
  response: {
    200: object({
      status: buildStatus,
      lines: Type.Array(logLine),
      nextSince: Type.Integer(),
    }),
    ...errors(400, 403, 404),
  },
};

export const cancelBuildSchema = {
  summary: 'Cancel a build: a queued one at once, a running one at its next step',
  tags: ['builds'],
  params: idParams,
  response: { 200: object({ build: buildSchema }), ...errors(400, 403, 404, 409) },
};

export const buildTicketSchema = {
  summary: 'A single-use, 60-second ticket for the build-log WebSocket',
  tags: ['builds'],
  params: idParams,
  response: {
    200: object({
      url: Type.String(),
      ticket: Type.String(),
      expiresIn: Type.Integer(),
    }),
    ...errors(400, 403, 404),
  },
};
