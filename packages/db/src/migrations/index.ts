import type { Migration } from 'kysely';
import * as controlPlane from './2026-11-23T0000_control-plane.js';
import * as oauth from './2026-11-23T0100_oauth.js';
import * as upstreams from './2026-12-01T0000_upstreams.js';
import * as emailVerification from './2026-12-01T0100_email-verification.js';
import * as connectors from './2026-12-01T0300_connectors.js';
import * as usageLatency from './2026-12-01T0400_usage-latency.js';
import * as instanceAdmins from './2026-12-01T0600_instance-admins.js';
import * as connectorCalls from './2026-12-01T0700_connector_calls.js';
import * as statusSamples from './2026-12-01T0700_status-samples.js';
import * as usageErrors from './2026-12-01T0800_usage-errors.js';
import * as signingKeysPerAlg from './2026-12-01T0900_signing-keys-per-alg.js';

/**
 * Every migration, by name; names sort in the order they run. A static list (rather than a
 * folder scan) works the same from TypeScript sources, from dist/ and inside bundlers.
 * Add a new migration file and one line here; never edit a released migration.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0000_control-plane': controlPlane,
  '2026-11-23T0100_oauth': oauth,
  '2026-12-01T0000_upstreams': upstreams,
  '2026-12-01T0100_email-verification': emailVerification,
  '2026-12-01T0300_connectors': connectors,
  '2026-12-01T0400_usage-latency': usageLatency,
  '2026-12-01T0600_instance-admins': instanceAdmins,
  '2026-12-01T0700_connector_calls': connectorCalls,
  '2026-12-01T0700_status-samples': statusSamples,
  '2026-12-01T0800_usage-errors': usageErrors,
  '2026-12-01T0900_signing-keys-per-alg': signingKeysPerAlg,
};
