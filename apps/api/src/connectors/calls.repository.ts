import type { Keyring } from '@bmm/crypto';
import type { ConnectorCallOutcome, ConnectorCallRow, Database } from '@bmm/db';
import type { Kysely } from 'kysely';
import type { Owner } from './connectors.repository.js';
import type { RecordedExchange } from './mcp-session.js';

type Db = Kysely<Database>;

/** How many calls the playground keeps per person. */
export const HISTORY_SIZE = 20;
/** A sealed payload above this keeps the arguments and a note instead of the result and exchange. */
const MAX_PAYLOAD = 256 * 1024;

/** What a call's history entry holds sealed: the person's arguments and what came back. */
export interface CallPayload {
  arguments: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: { code: string; detail: string } | null;
  exchanges: RecordedExchange[];
  /** The result or exchange was too large to keep. */
  truncated: boolean;
}

/** Bound to the row and its person: a ciphertext moved to another row or person does not open. */
export const callAad = (id: string, userId: string) => `connector-call:${id}:${userId}`;

function seal(keyring: Keyring, id: string, userId: string, payload: CallPayload): string {
  let text = JSON.stringify(payload);
  if (text.length > MAX_PAYLOAD) {
    const slim = { ...payload, exchanges: [], truncated: true };
    text = JSON.stringify(slim);
    if (text.length > MAX_PAYLOAD) text = JSON.stringify({ ...slim, result: null });
  }
  return keyring.encrypt(text, callAad(id, userId));
}

export function openCall(keyring: Keyring, row: ConnectorCallRow): CallPayload {
  return JSON.parse(
    keyring.decryptString(row.payload_ciphertext, callAad(row.id, row.user_id)),
  ) as CallPayload;
}

/** Records one call and keeps only the person's newest HISTORY_SIZE (run it inside a transaction). */
export async function insertCall(
  trx: Db,
  keyring: Keyring,
  values: {
    id: string;
    connectorId: string;
    owner: Owner;
    tool: string;
    outcome: ConnectorCallOutcome;
    durationMs: number;
    payload: CallPayload;
  },
): Promise<void> {
  await trx
    .insertInto('connector_calls')
    .values({
      id: values.id,
      connector_id: values.connectorId,
      org_id: values.owner.orgId,
      user_id: values.owner.userId,
      tool: values.tool,
      outcome: values.outcome,
      duration_ms: values.durationMs,
      payload_ciphertext: seal(keyring, values.id, values.owner.userId, values.payload),
    })
    .execute();
  await trx
    .deleteFrom('connector_calls')
    .where('user_id', '=', values.owner.userId)
    .where((eb) =>
      eb(
        'id',
        'not in',
        eb
          .selectFrom('connector_calls')
          .select('id')
          .where('user_id', '=', values.owner.userId)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(HISTORY_SIZE),
      ),
    )
    .execute();
}

export type CallListRow = ConnectorCallRow & { connector_name: string };

/** The person's calls in this org, newest first. */
export function listCalls(db: Db, owner: Owner, connectorId?: string): Promise<CallListRow[]> {
  let query = db
    .selectFrom('connector_calls as c')
    .innerJoin('connectors as k', 'k.id', 'c.connector_id')
    .selectAll('c')
    .select('k.name as connector_name')
    .where('c.user_id', '=', owner.userId)
    .where('c.org_id', '=', owner.orgId);
  if (connectorId) query = query.where('c.connector_id', '=', connectorId);
  return query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(HISTORY_SIZE).execute();
}

export function findCall(db: Db, owner: Owner, id: string): Promise<CallListRow | undefined> {
  return db
    .selectFrom('connector_calls as c')
    .innerJoin('connectors as k', 'k.id', 'c.connector_id')
    .selectAll('c')
    .select('k.name as connector_name')
    .where('c.id', '=', id)
    .where('c.user_id', '=', owner.userId)
    .where('c.org_id', '=', owner.orgId)
    .executeTakeFirst();
}

/** Forgets the person's calls in this org; answers how many there were. */
export async function deleteCalls(db: Db, owner: Owner): Promise<number> {
  const res = await db
    .deleteFrom('connector_calls')
    .where('user_id', '=', owner.userId)
    .where('org_id', '=', owner.orgId)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
