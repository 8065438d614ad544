import { randomUUID } from 'node:crypto';
import type { AuditMetadata, ConnectorAuthType, ConnectorRow, Db } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { badRequest, notFound } from '@bmm/http';
import { sql } from 'kysely';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { type OutboundOptions, refusalReason } from '../lib/outbound.js';
import {
  deleteConnector,
  findOAuthConnectorByUrl,
  insertConnector,
  type Owner,
  updateConnector,
} from './connectors.repository.js';
import { checkHeaders } from './headers.js';
import type { ConnectorRuntime } from './mcp-session.js';
import { connectorAad, openOAuthData } from './oauth-provider.js';
import { revokeAtRemote } from './revoke.js';

export interface NewConnector {
  name: string;
  url: string;
  authType: ConnectorAuthType;
  headers?: Record<string, string>;
}

const headersUnexpected = () =>
  badRequest('headers_unexpected', 'Headers are only stored for authType "headers".', [
    { field: 'headers', message: 'only with authType headers' },
  ]);

/** A URL connectors may call: http(s), no fragment, and allowed by the outbound rules. */
function checkConnectorUrl(raw: string, outbound: OutboundOptions): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest('invalid_url', 'url is not a valid URL.', [{ field: 'url', message: 'not a URL' }]);
  }
  const refused = refusalReason(url, outbound);
  if (refused || url.hash)
    throw badRequest('url_refused', `This URL cannot be used: ${refused ?? 'it has a fragment'}.`, [
      { field: 'url', message: refused ?? 'fragment' },
    ]);
}

/** Inserts a connector with its `connector.create` event: name, url, auth type and `extra` (never a secret). */
async function insertAudited(
  trx: Db,
  origin: AuditOrigin,
  values: Parameters<typeof insertConnector>[1],
  extra: AuditMetadata,
): Promise<ConnectorRow> {
  const created = await insertConnector(trx, values);
  await recordAudit(
    trx,
    auditEvent(origin, {
      action: 'connector.create',
      resourceType: 'connector',
      resourceId: created.id,
      metadata: { name: created.name, url: created.url, auth_type: created.auth_type, ...extra },
    }),
  );
  return created;
}

/** Adds a connector (headers sealed to its row), audited as `connector.create` with header names only. */
export async function createConnector(
  rt: ConnectorRuntime,
  outbound: OutboundOptions,
  origin: AuditOrigin,
  owner: Owner,
  input: NewConnector,
): Promise<ConnectorRow> {
  checkConnectorUrl(input.url, outbound);
  if (input.headers && input.authType !== 'headers') throw headersUnexpected();
  checkHeaders(input.headers);
  const id = randomUUID();
  return rt.db.transaction().execute((trx) =>
    insertAudited(
      trx,
      origin,
      {
        id,
        owner,
        name: input.name.trim(),
        url: input.url,
        authType: input.authType,
        headersCiphertext:
          input.authType === 'headers'
            ? rt.keyring.encrypt(JSON.stringify(input.headers ?? {}), connectorAad(id, 'headers'))
            : null,
        status: input.authType === 'oauth' ? 'signin_required' : 'ready',
      },
      { header_names: Object.keys(input.headers ?? {}) },
    ),
  );
}

/** Renames a connector or replaces its headers (sealed again), audited as `connector.update`. */
export async function changeConnector(
  rt: ConnectorRuntime,
  origin: AuditOrigin,
  row: ConnectorRow,
  changes: { name?: string; headers?: Record<string, string> },
): Promise<ConnectorRow> {
  if (changes.headers && row.auth_type !== 'headers') throw headersUnexpected();
  checkHeaders(changes.headers);
  return rt.db.transaction().execute(async (trx) => {
    const next = await updateConnector(trx, row.id, {
      ...(changes.name ? { name: changes.name.trim() } : {}),
      ...(changes.headers
        ? {
            headers_ciphertext: rt.keyring.encrypt(
              JSON.stringify(changes.headers),
              connectorAad(row.id, 'headers'),
            ),
          }
        : {}),
    });
    if (!next) throw notFound('connector');
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'connector.update',
        resourceType: 'connector',
        resourceId: row.id,
        metadata: {
          name: next.name,
          ...(changes.headers ? { header_names: Object.keys(changes.headers) } : {}),
        },
      }),
    );
    return next;
  });
}

/**
 * Removes a connector and everything stored for it; an OAuth connector's grant is revoked at the
 * remote first when it offers revocation (the outcome goes into the `connector.delete` event).
 */
export async function removeConnector(
  rt: ConnectorRuntime,
  origin: AuditOrigin,
  owner: Owner,
  found: ConnectorRow,
): Promise<void> {
  const remote =
    found.auth_type === 'oauth'
      ? await revokeAtRemote(rt.fetch, openOAuthData(rt.keyring, found.id, found.oauth_ciphertext))
      : undefined;
  await rt.db.transaction().execute(async (trx) => {
    const row = await deleteConnector(trx, owner, found.id);
    if (!row) throw notFound('connector');
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'connector.delete',
        resourceType: 'connector',
        resourceId: row.id,
        metadata: { name: row.name, url: row.url, ...(remote ? { remote_revocation: remote } : {}) },
      }),
    );
  });
}

/**
 * "Try it": the person's OAuth connector to one of their org's live hosted servers, made on first use
 * (audited as `connector.create` via `try`); two quick clicks make one connector.
 */
export async function findOrCreateTryConnector(
  db: Db,
  origin: AuditOrigin,
  owner: Owner,
  server: { id: string; name: string; url: string },
): Promise<{ row: ConnectorRow; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`connector-try:${owner.userId}:${server.url}`}, 0))`.execute(
      trx,
    );
    const existing = await findOAuthConnectorByUrl(trx, owner, server.url);
    if (existing) return { row: existing, created: false };
    const inserted = await insertAudited(
      trx,
      origin,
      {
        id: randomUUID(),
        owner,
        name: server.name,
        url: server.url,
        authType: 'oauth',
        headersCiphertext: null,
        status: 'signin_required',
      },
      { server_id: server.id, via: 'try' },
    );
    return { row: inserted, created: true };
  });
}
