import type { OutboundFetch } from '../lib/outbound.js';
import type { Exchange, Step, StepStatus } from './probe.js';

/** What the checks learn as they go; a later check reads what an earlier one found. */
export interface DoctorState {
  /** The server answered an unauthenticated MCP request with success: no authorization in use. */
  open: boolean;
  challenge: { status: number; params: Record<string, string> } | null;
  resourceMetadataUrl: string | null;
  resourceMetadata: Record<string, unknown> | null;
  authorizationServer: string | null;
  authorizationServerMetadata: Record<string, unknown> | null;
}

export interface DoctorContext {
  url: URL;
  /** The URL exactly as given (the resource identifier clients compare against). */
  target: string;
  fetch: OutboundFetch;
  probeRegistration: boolean;
  state: DoctorState;
}

export interface CheckDefinition {
  id: string;
  title: string;
  clause: string;
  run(ctx: DoctorContext): Promise<Outcome>;
}

export interface Outcome {
  status: StepStatus;
  detail: string;
  evidence?: Exchange[];
  /** A more precise clause than the check's default, for this outcome. */
  clause?: string;
}

export const outcome = (
  status: StepStatus,
  detail: string,
  evidence: Exchange[] = [],
  clause?: string,
): Outcome => ({
  status,
  detail,
  evidence,
  ...(clause ? { clause } : {}),
});

export function toStep(check: CheckDefinition, result: Outcome): Step {
  return {
    id: check.id,
    title: check.title,
    status: result.status,
    detail: result.detail,
    clause: result.clause ?? check.clause,
    evidence: result.evidence ?? [],
  };
}

/** The headers an MCP client sends on a POST, with the protocol version of its era. */
export function mcpHeaders(protocolVersion: string, method?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': protocolVersion,
    'user-agent': 'bmm-auth-doctor',
    ...(method ? { 'mcp-method': method } : {}),
  };
}

export const LEGACY_VERSION = '2025-11-25';
export const MODERN_VERSION = '2026-07-28';

export function initializeBody(): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: LEGACY_VERSION,
      capabilities: {},
      clientInfo: { name: 'bmm-auth-doctor', version: '1.0.0' },
    },
  });
}

export function discoverBody(): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: {} });
}
