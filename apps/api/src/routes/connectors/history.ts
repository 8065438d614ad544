import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import { notFound } from '@bmm/http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type CallListRow, findCall, listCalls, openCall } from '../../connectors/calls.repository.js';
import { clearCallHistory, connectorOwner } from '../../connectors/connector-calls.service.js';
import { auditOrigin } from '../../lib/audit.js';
import { iso } from '../../lib/schemas.js';
import { clearCallsSchema, getCallSchema, listCallsSchema } from './connectors.schemas.js';

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
const historyRoutes: FastifyPluginAsyncTypebox<{ db: Db; keyring: Keyring }> = async (
  app,
  { db, keyring },
) => {
  app.get('/connectors/calls', { schema: listCallsSchema }, async (request) => ({
    calls: (await listCalls(db, connectorOwner(request.auth), request.query.connectorId)).map(summary),
  }));

  app.get('/connectors/calls/:id', { schema: getCallSchema }, async (request) => {
    const row = await findCall(db, connectorOwner(request.auth), request.params.id);
    if (!row) throw notFound('call');
    return { call: { ...summary(row), ...openCall(keyring, row) } };
  });

  app.delete('/connectors/calls', { schema: clearCallsSchema }, async (request, reply) => {
    await clearCallHistory(db, auditOrigin(request), connectorOwner(request.auth));
    return reply.code(204).send();
  });
};

export default historyRoutes;
