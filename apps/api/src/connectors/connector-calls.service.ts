import { randomUUID } from 'node:crypto';
import type { ConnectorCallOutcome, ConnectorRow, Db } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { badGateway, conflict, HttpProblem, notFound } from '@bmm/http';
import type { Client } from '@modelcontextprotocol/client';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { OutboundRefusedError } from '../lib/outbound.js';
import { type CallPayload, deleteCalls, insertCall } from './calls.repository.js';
import { findConnector, type Owner, updateConnector } from './connectors.repository.js';
import {
  type ConnectorRuntime,
  type RecordedExchange,
  SignInRequiredError,
  withConnectorClient,
} from './mcp-session.js';

/** Where a failed remote request is noted (the request's logger). */
export interface CallLog {
  info(obj: object, msg: string): void;
}

/** Who calls through a connector: its owner, as the origin of the audit events, with their logger. */
export interface ConnectorCaller {
  owner: Owner;
  origin: AuditOrigin;
  log: CallLog;
}

/** The connectors a signed-in person sees: their own, in their active org. */
export function connectorOwner(auth: { userId: string | null; orgId: string }): Owner {
  if (!auth.userId) throw new Error('connectors belong to a person');
  return { userId: auth.userId, orgId: auth.orgId };
}

/** One of the owner's connectors, else `404`. */
export async function loadConnector(db: Db, owner: Owner, id: string): Promise<ConnectorRow> {
  const row = await findConnector(db, owner, id);
  if (!row) throw notFound('connector');
  return row;
}

/**
 * Runs an MCP operation, keeping the connector's status in step with what happened: a needed sign-in
 * is `409 signin_required`, any other failure `502 connector_failed` with the remote's message.
 */
export async function runOnConnector<T>(
  rt: ConnectorRuntime,
  row: ConnectorRow,
  op: (client: Client) => Promise<T>,
  log: CallLog,
) {
  try {
    const out = await withConnectorClient(rt, row, op);
    if (row.status !== 'ready' || row.last_error)
      await updateConnector(rt.db, row.id, { status: 'ready', last_error: null });
    return out;
  } catch (err) {
    if (err instanceof SignInRequiredError) {
      await updateConnector(rt.db, row.id, { status: 'signin_required', last_error: err.message });
      throw conflict('signin_required', 'Sign in to this connector again.');
    }
    const message =
      err instanceof OutboundRefusedError
        ? err.message
        : `The remote server failed: ${(err as Error).message}`.slice(0, 500);
    await updateConnector(rt.db, row.id, { status: 'error', last_error: message });
    log.info({ connectorId: row.id, err: (err as Error).message }, 'connector request failed');
    throw badGateway('connector_failed', message);
  }
}

/** tools/list (every page, at most 20), kept on the connector; answers the updated row. */
export async function refreshTools(
  rt: ConnectorRuntime,
  row: ConnectorRow,
  log: CallLog,
): Promise<ConnectorRow> {
  const { value } = await runOnConnector(
    rt,
    row,
    async (client) => {
      const tools: unknown[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const res = await client.listTools(cursor ? { cursor } : undefined);
        tools.push(...res.tools);
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      return tools;
    },
    log,
  );
  const updated = await updateConnector(rt.db, row.id, {
    tools: JSON.stringify(value),
    tools_refreshed_at: new Date(),
    status: 'ready',
    last_error: null,
  });
  if (!updated) throw notFound('connector');
  return updated;
}

/**
 * tools/call, kept in the person's call history (sealed) and audited as `connector.call` with the
 * tool name and outcome (never the arguments): `/call` and the chat both call through here.
 */
export async function callTool(
  rt: ConnectorRuntime,
  caller: ConnectorCaller,
  row: ConnectorRow,
  tool: string,
  args: Record<string, unknown>,
  via?: 'chat',
) {
  const call = { connectorId: row.id, tool, arguments: args, ...(via ? { via } : {}) };
  const started = performance.now();
  let done: Awaited<ReturnType<typeof runOnConnector<unknown>>>;
  try {
    done = await runOnConnector(
      rt,
      row,
      (client) => client.callTool({ name: tool, arguments: args }),
      caller.log,
    );
  } catch (err) {
    const durationMs = Math.round(performance.now() - started);
    await recordCall(rt, caller, { ...call, outcome: 'failed', durationMs, error: err });
    throw err;
  }
  const value = done.value as Record<string, unknown>;
  const { exchanges, durationMs } = done;
  await recordCall(rt, caller, {
    ...call,
    outcome: value.isError ? 'tool_error' : 'ok',
    durationMs,
    result: value,
    exchanges,
  });
  return { value, exchanges, durationMs };
}

/** What one finished (or failed) call leaves in the person's history. */
interface FinishedCall {
  connectorId: string;
  tool: string;
  arguments: Record<string, unknown>;
  outcome: ConnectorCallOutcome;
  durationMs: number;
  result?: Record<string, unknown>;
  exchanges?: RecordedExchange[];
  error?: unknown;
  /** Made by Claude in the playground chat (the audit event says so). */
  via?: 'chat';
}

/**
 * Records a call in the history (sealed, pruned to HISTORY_SIZE) and its audit event (tool and
 * outcome only) in one transaction.
 */
async function recordCall(rt: ConnectorRuntime, caller: ConnectorCaller, call: FinishedCall): Promise<void> {
  const payload: CallPayload = {
    arguments: call.arguments,
    result: call.result ?? null,
    error:
      call.error === undefined
        ? null
        : call.error instanceof HttpProblem
          ? { code: call.error.code, detail: call.error.message }
          : { code: 'internal', detail: 'The call failed.' },
    exchanges: call.exchanges ?? [],
    truncated: false,
  };
  await rt.db.transaction().execute(async (trx) => {
    await insertCall(trx, rt.keyring, {
      id: randomUUID(),
      connectorId: call.connectorId,
      owner: caller.owner,
      tool: call.tool,
      outcome: call.outcome,
      durationMs: call.durationMs,
      payload,
    });
    await recordAudit(
      trx,
      auditEvent(caller.origin, {
        action: 'connector.call',
        resourceType: 'connector',
        resourceId: call.connectorId,
        metadata: { tool: call.tool, status: call.outcome, ...(call.via ? { via: call.via } : {}) },
      }),
    );
  });
}

/** Forgets the person's call history in this org, audited as `connector.history_clear` (with the count). */
export async function clearCallHistory(db: Db, origin: AuditOrigin, owner: Owner): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const calls = await deleteCalls(trx, owner);
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'connector.history_clear',
        resourceType: 'connector_call',
        metadata: { calls },
      }),
    );
  });
}
