import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type CallListRow,
  deleteCalls,
  findCall,
  HISTORY_SIZE,
  listCalls,
  openCall,
} from '../../connectors/calls.repository.js';
import { connectorOwner } from '../../connectors/connector-calls.service.js';
import { requestAudit } from '../../lib/audit.js';
import { anyObject, dateTime, errors, idParams, iso, noContent, object, uuid } from '../../lib/schemas.js';
import { exchangeSchema } from './connectors.schemas.js';

const owner = (request: FastifyRequest) => connectorOwner(request.auth);

const callSummary = {
  id: uuid,
  connectorId: uuid,
  connectorName: { type: 'string' },
  tool: { type: 'string' },
  outcome: { type: 'string', enum: ['ok', 'tool_error', 'failed'] },
  durationMs: { type: 'integer', minimum: 0 },
  createdAt: dateTime,
} as const;

const callSummarySchema = object(callSummary);

const callDetailSchema = object({
  ...callSummary,
  arguments: anyObject,
  result: { ...anyObject, type: ['object', 'null'] },
  error: { type: ['object', 'null'], properties: { code: { type: 'string' }, detail: { type: 'string' } } },
  exchanges: { type: 'array', items: exchangeSchema },
  truncated: { type: 'boolean', description: 'The result or the exchange was too large to keep.' },
});

const summary = (row: CallListRow) => ({
  id: row.id,
  connectorId: row.connector_id,
  connectorName: row.connector_name,
  tool: row.tool,
  outcome: row.outcome,
  durationMs: row.duration_ms,
  createdAt: iso(row.created_at),
});

/** The playground's history: the caller's own last calls, never anyone else's. */
export default async function historyRoutes(
  app: FastifyInstance,
  { db, keyring }: { db: Db; keyring: Keyring },
) {
  app.get(
    '/connectors/calls',
    {
      schema: {
        summary: `Your last calls through your connectors in this org (at most ${HISTORY_SIZE}, newest first)`,
        tags: ['connectors'],
        querystring: object({ connectorId: uuid }, []),
        response: {
          200: object({ calls: { type: 'array', items: callSummarySchema } }),
          ...errors(400, 403),
        },
      },
    },
    async (request) => {
      const { connectorId } = request.query as { connectorId?: string };
      return { calls: (await listCalls(db, owner(request), connectorId)).map(summary) };
    },
  );

  app.get(
    '/connectors/calls/:id',
    {
      schema: {
        summary: 'One past call: its arguments, result (or error) and raw exchange',
        tags: ['connectors'],
        params: idParams,
        response: { 200: object({ call: callDetailSchema }), ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const row = await findCall(db, owner(request), (request.params as { id: string }).id);
      if (!row) throw notFound('call');
      const payload = openCall(keyring, row);
      return { call: { ...summary(row), ...payload } };
    },
  );

  app.delete(
    '/connectors/calls',
    {
      schema: {
        summary: 'Forget your call history in this org',
        tags: ['connectors'],
        response: { 204: noContent, ...errors(403) },
      },
    },
    async (request, reply) => {
      const who = owner(request);
      await db.transaction().execute(async (trx) => {
        const calls = await deleteCalls(trx, who);
        await recordAudit(
          trx,
          requestAudit(request, {
            action: 'connector.history_clear',
            resourceType: 'connector_call',
            metadata: { calls },
          }),
        );
      });
      return reply.code(204).send();
    },
  );
}
