import { iso } from '../lib/schemas.js';
import type { BuildRow } from './builds.repository.js';
import type { Build } from './builds.schemas.js';

export function toBuild(b: BuildRow): Build {
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
