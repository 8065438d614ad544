import { dateTime, iso, nullableDateTime, nullableString, object, uuid } from '../../lib/schemas.js';
import type { BuildRow } from './builds.repository.js';

export const buildStatus = {
  type: 'string',
  enum: ['queued', 'running', 'succeeded', 'failed', 'canceled'],
} as const;

export const buildSchema = object({
  id: uuid,
  serverId: uuid,
  versionId: uuid,
  version: { type: 'integer' },
  status: buildStatus,
  currentStep: nullableString,
  error: nullableString,
  attempts: { type: 'integer' },
  cancelRequestedAt: nullableDateTime,
  createdAt: dateTime,
  startedAt: nullableDateTime,
  finishedAt: nullableDateTime,
});

export function toBuild(b: BuildRow) {
  return {
    id: b.id,
    serverId: b.server_id,
    versionId: b.version_id,
    version: b.version,
    status: b.status,
    currentStep: b.current_step,
    error: b.error,
    attempts: b.attempts,
    cancelRequestedAt: iso(b.cancel_requested_at),
    createdAt: iso(b.created_at),
    startedAt: iso(b.started_at),
    finishedAt: iso(b.finished_at),
  };
}
