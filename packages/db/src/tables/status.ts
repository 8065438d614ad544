import type { ColumnType, Generated, Selectable } from 'kysely';

/** The public status page's per-minute history; migration 2026-12-01T0700_status-samples. */

/** What a service's `/readyz` said: 200 ready, 200 degraded (a dependency is down), or anything else. */
export type StatusState = 'up' | 'degraded' | 'down';

export interface StatusSamplesTable {
  /** `api`, `oauth-as`, `builder`, `runner`. */
  service: string;
  /** The start of the minute (UTC, whole minute). */
  minute: ColumnType<Date, Date | string, never>;
  /** The worst readiness any sampler read in that minute; null when none did. */
  state: StatusState | null;
  /** Requests every instance answered in that minute (health probes and scrapes left out). */
  requests: Generated<number>;
  /** Of those, answered with a 5xx status. */
  errors: Generated<number>;
}

export type StatusSample = Selectable<StatusSamplesTable>;

export interface StatusTables {
  status_samples: StatusSamplesTable;
}
