import type { OutboundFetch } from '../lib/outbound.js';
import {
  authorizationServerMetadata,
  authorizationServers,
  issParameter,
  issuerMatches,
  pkceS256,
  tokenEndpoint,
} from './checks/authorization-server.js';
import { clientRegistration, registrationProbe } from './checks/registration.js';
import {
  challenge,
  rejectedToken,
  resourceIdentifier,
  resourceMetadata,
  resourceMetadataCors,
} from './checks/resource.js';
import { originValidation, protocolEras, trailingSlash } from './checks/transport.js';
import { type CheckDefinition, type DoctorContext, toStep } from './context.js';
import type { Step, StepStatus } from './probe.js';

/** The discovery a spec-conformant MCP client walks, in its order; each check reads what earlier ones found. */
export const CHECKS: readonly CheckDefinition[] = [
  challenge,
  resourceMetadata,
  resourceIdentifier,
  resourceMetadataCors,
  authorizationServers,
  authorizationServerMetadata,
  issuerMatches,
  pkceS256,
  clientRegistration,
  registrationProbe,
  issParameter,
  tokenEndpoint,
  rejectedToken,
  protocolEras,
  trailingSlash,
  originValidation,
];

export interface Diagnosis {
  url: string;
  checkedAt: string;
  durationMs: number;
  summary: Record<StepStatus, number>;
  steps: Step[];
}

/** Runs every check against `url`; stores nothing. Each check's failure is a step, never an exception. */
export async function diagnose(
  url: string,
  options: { fetch: OutboundFetch; probeRegistration: boolean },
): Promise<Diagnosis> {
  const started = Date.now();
  const ctx: DoctorContext = {
    url: new URL(url),
    target: url,
    fetch: options.fetch,
    probeRegistration: options.probeRegistration,
    state: {
      open: false,
      challenge: null,
      resourceMetadataUrl: null,
      resourceMetadata: null,
      authorizationServer: null,
      authorizationServerMetadata: null,
    },
  };
  const steps: Step[] = [];
  for (const check of CHECKS) {
    try {
      steps.push(toStep(check, await check.run(ctx)));
    } catch (err) {
      steps.push(
        toStep(check, { status: 'fail', detail: `The check itself failed: ${(err as Error).message}` }),
      );
    }
  }
  const summary: Record<StepStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const s of steps) summary[s.status]++;
  return {
    url,
    checkedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    summary,
    steps,
  };
}
