import { type Keyring, serverSecretAad, upstreamTokenAad } from '@bmm/crypto';
import { type Db, recordAudit, type UpstreamTokenRow } from '@bmm/db';
import type { UpstreamCredential, UpstreamPreset, UpstreamSpec } from '@bmm/spec';
import { sql } from 'kysely';
import {
  type ClientCredentials,
  refreshTokens,
  resolveUpstream,
  revokeToken,
  type TokenSet,
  UpstreamOAuthError,
} from './client.js';
import type { UpstreamNetwork } from './http.js';
import { scopesCovered } from './scopes.js';

/** Platform-wide OAuth apps per preset (UPSTREAM_<PRESET>_CLIENT_ID / _SECRET). */
export type PlatformApps = Partial<Record<UpstreamPreset, ClientCredentials>>;

export interface VaultDeps {
  db: Db;
  keyring: Keyring;
  network: UpstreamNetwork;
  platformApps: PlatformApps;
}

export type { UpstreamCredential };

export type TokenStatus =
  | { ok: true; credential: UpstreamCredential }
  | { ok: false; reason: 'not_connected' | 'revoked' | 'scopes' | 'expired' | 'refresh_failed' };

/** Refresh this long before expiry (half the lifetime for tokens shorter than two minutes). */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * The OAuth app of an upstream: the server's own secrets when they hold the client id, else the
 * platform's app for the preset; null when neither exists.
 */
export function clientCredentials(
  upstream: UpstreamSpec,
  secrets: Record<string, string>,
  platformApps: PlatformApps,
): ClientCredentials | null {
  const clientId = secrets[upstream.clientIdSecret];
  if (clientId) {
    const clientSecret = upstream.clientSecretSecret ? secrets[upstream.clientSecretSecret] : undefined;
    return { clientId, ...(clientSecret && { clientSecret }) };
  }
  return (upstream.preset && platformApps[upstream.preset]) || null;
}

/** Every secret of a server, decrypted (the AS and the api need the OAuth app credentials). */
export async function loadServerSecrets(
  db: Db,
  keyring: Keyring,
  serverId: string,
  names?: string[],
): Promise<Record<string, string>> {
  let query = db
    .selectFrom('server_secrets')
    .select(['name', 'ciphertext'])
    .where('server_id', '=', serverId);
  if (names) {
    if (names.length === 0) return {};
    query = query.where('name', 'in', names);
  }
  const out: Record<string, string> = {};
  for (const row of await query.execute())
    out[row.name] = keyring.decryptString(row.ciphertext, serverSecretAad(serverId, row.name));
  return out;
}

export function credentialSecretNames(upstream: UpstreamSpec): string[] {
  return [upstream.clientIdSecret, ...(upstream.clientSecretSecret ? [upstream.clientSecretSecret] : [])];
}

interface Owner {
  userId: string;
  serverId: string;
  upstreamId: string;
}

const seal = (keyring: Keyring, o: Owner, kind: 'access' | 'refresh', value: string) =>
  keyring.encrypt(value, upstreamTokenAad(o.userId, o.serverId, o.upstreamId, kind));
const open = (keyring: Keyring, o: Owner, kind: 'access' | 'refresh', value: string) =>
  keyring.decryptString(value, upstreamTokenAad(o.userId, o.serverId, o.upstreamId, kind));

/** Stores (or replaces) a user's tokens after a sign-in; a missing refresh token keeps the old one. */
export async function storeTokens(
  db: Db,
  keyring: Keyring,
  owner: Owner,
  tokens: TokenSet,
  requestedScopes: string[],
): Promise<{ id: string; created: boolean }> {
  const row = await db
    .insertInto('upstream_tokens')
    .values({
      user_id: owner.userId,
      server_id: owner.serverId,
      upstream_id: owner.upstreamId,
      account_id: tokens.account?.id ?? null,
      account_label: tokens.account?.label ?? null,
      access_token_ciphertext: seal(keyring, owner, 'access', tokens.accessToken),
      refresh_token_ciphertext: tokens.refreshToken
        ? seal(keyring, owner, 'refresh', tokens.refreshToken)
        : null,
      token_type: tokens.tokenType,
      scopes: tokens.scopes ?? requestedScopes,
      expires_at: tokens.expiresAt,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'server_id', 'upstream_id']).doUpdateSet({
        account_id: sql`excluded.account_id`,
        account_label: sql`excluded.account_label`,
        access_token_ciphertext: sql`excluded.access_token_ciphertext`,
        refresh_token_ciphertext: sql`coalesce(excluded.refresh_token_ciphertext, upstream_tokens.refresh_token_ciphertext)`,
        token_type: sql`excluded.token_type`,
        scopes: sql`excluded.scopes`,
        expires_at: sql`excluded.expires_at`,
        updated_at: sql`now()`,
        refreshed_at: null,
        revoked_at: null,
      }),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('created')])
    .executeTakeFirstOrThrow();
  return row;
}

function credentialOf(keyring: Keyring, row: UpstreamTokenRow): UpstreamCredential {
  const owner = { userId: row.user_id, serverId: row.server_id, upstreamId: row.upstream_id };
  return {
    accessToken: open(keyring, owner, 'access', row.access_token_ciphertext),
    tokenType: row.token_type,
    expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
    scopes: row.scopes,
    account: row.account_id || row.account_label ? { id: row.account_id, label: row.account_label } : null,
  };
}

/**
 * Not yet due for a refresh: more than 60 s left, or, for tokens that live less than two minutes,
 * more than half their lifetime left (a just-refreshed short-lived token is not due again at once).
 */
function fresh(row: UpstreamTokenRow): boolean {
  if (row.expires_at === null) return true;
  const expires = row.expires_at.getTime();
  const issued = (row.refreshed_at ?? row.updated_at).getTime();
  const margin = Math.min(REFRESH_MARGIN_MS, Math.max(0, (expires - issued) / 2));
  return expires - Date.now() > margin;
}

export interface TokenRequest extends Owner {
  orgId: string;
  upstream: UpstreamSpec;
  /** Scopes the call needs (base + the tool's upstreamScopes). */
  required: string[];
  /** The server's decrypted secrets (for the OAuth app credentials). */
  secrets: Record<string, string>;
  /**
   * The upstream refused the access token (401) though it had not expired: refresh now, unless
   * another caller already replaced the token this one saw.
   */
  staleAccessToken?: string;
}

/**
 * The user's usable token for one upstream of one server. Refreshes within 60 s of expiry exactly
 * once across every runner: the refresh runs inside a transaction holding the row lock, and a
 * concurrent caller waits on that lock and then finds the fresh token. A refused refresh
 * (`invalid_grant`) marks the row revoked and is audited.
 */
export async function usableToken(deps: VaultDeps, req: TokenRequest): Promise<TokenStatus> {
  const { db, keyring } = deps;
  const row = await db
    .selectFrom('upstream_tokens')
    .selectAll()
    .where('user_id', '=', req.userId)
    .where('server_id', '=', req.serverId)
    .where('upstream_id', '=', req.upstreamId)
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'not_connected' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  if (!scopesCovered(req.required, row.scopes)) return { ok: false, reason: 'scopes' };
  if (!req.staleAccessToken && fresh(row)) return { ok: true, credential: credentialOf(keyring, row) };

  const outcome = await db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('upstream_tokens')
      .selectAll()
      .where('id', '=', row.id)
      .forUpdate()
      .executeTakeFirst();
    if (!locked || locked.revoked_at) return { status: { ok: false, reason: 'revoked' } as TokenStatus };
    const current = credentialOf(keyring, locked);
    // Another caller refreshed while this one waited on the lock: reuse its token, never refresh twice.
    const replaced =
      req.staleAccessToken !== undefined
        ? current.accessToken !== req.staleAccessToken
        : locked.access_token_ciphertext !== row.access_token_ciphertext;
    if (replaced || (!req.staleAccessToken && fresh(locked)))
      return { status: { ok: true, credential: current } as TokenStatus };
    if (!locked.refresh_token_ciphertext) {
      return { status: { ok: false, reason: 'expired' } as TokenStatus };
    }
    const creds = clientCredentials(req.upstream, req.secrets, deps.platformApps);
    if (!creds) return { status: { ok: false, reason: 'expired' } as TokenStatus };
    const owner = { userId: req.userId, serverId: req.serverId, upstreamId: req.upstreamId };
    const refreshToken = open(keyring, owner, 'refresh', locked.refresh_token_ciphertext);
    let tokens: TokenSet;
    try {
      const resolved = await resolveUpstream(req.upstream, deps.network);
      tokens = await refreshTokens(resolved, creds, refreshToken, deps.network);
    } catch (err) {
      if (err instanceof UpstreamOAuthError && err.error !== 'invalid_response') {
        await trx
          .updateTable('upstream_tokens')
          .set({ revoked_at: sql`now()`, updated_at: sql`now()` })
          .where('id', '=', locked.id)
          .execute();
        return { status: { ok: false, reason: 'refresh_failed' } as TokenStatus, failure: err.error };
      }
      throw err;
    }
    const updated = await trx
      .updateTable('upstream_tokens')
      .set({
        access_token_ciphertext: seal(keyring, owner, 'access', tokens.accessToken),
        ...(tokens.refreshToken && {
          refresh_token_ciphertext: seal(keyring, owner, 'refresh', tokens.refreshToken),
        }),
        token_type: tokens.tokenType,
        expires_at: tokens.expiresAt,
        ...(tokens.scopes && { scopes: tokens.scopes }),
        refreshed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', locked.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { status: { ok: true, credential: credentialOf(keyring, updated) } as TokenStatus };
  });
  if ('failure' in outcome) {
    await recordAudit(db, {
      orgId: req.orgId,
      actor: { type: 'system', id: null },
      action: 'upstream.refresh_failed',
      resource: { type: 'upstream_token', id: row.id },
      metadata: {
        server_id: req.serverId,
        upstream_id: req.upstreamId,
        user_id: req.userId,
        error: outcome.failure,
      },
    });
  }
  return outcome.status;
}

export interface RevocationTarget {
  row: UpstreamTokenRow;
  upstream: UpstreamSpec | undefined;
  secrets: Record<string, string>;
}

/**
 * Revokes a stored grant at the provider (RFC 7009, refresh token first: that ends the grant at
 * most providers; then the access token) where the upstream has a revocation endpoint. Provider
 * failures are reported, never thrown: the row is deleted by the caller either way.
 */
export async function revokeAtProvider(
  deps: Pick<VaultDeps, 'keyring' | 'network' | 'platformApps'>,
  target: RevocationTarget,
): Promise<'revoked' | 'no_endpoint' | 'failed'> {
  const { row, upstream } = target;
  if (!upstream) return 'no_endpoint';
  const creds = clientCredentials(upstream, target.secrets, deps.platformApps);
  if (!creds) return 'failed';
  const owner = { userId: row.user_id, serverId: row.server_id, upstreamId: row.upstream_id };
  try {
    const resolved = await resolveUpstream(upstream, deps.network);
    if (!resolved.as.revocation_endpoint) return 'no_endpoint';
    if (row.refresh_token_ciphertext)
      await revokeToken(
        resolved,
        creds,
        open(deps.keyring, owner, 'refresh', row.refresh_token_ciphertext),
        'refresh_token',
        deps.network,
      );
    await revokeToken(
      resolved,
      creds,
      open(deps.keyring, owner, 'access', row.access_token_ciphertext),
      'access_token',
      deps.network,
    );
    return 'revoked';
  } catch {
    return 'failed';
  }
}

/**
 * Revokes (where possible) and deletes upstream tokens: one row (disconnect), a server's rows
 * (server deleted) or a user's rows in an org's servers (member removed). Returns what was done
 * per row, without any token material.
 */
export async function revokeAndDeleteTokens(
  deps: VaultDeps,
  where: { id?: string; userId?: string; serverId?: string; orgId?: string },
): Promise<Array<{ id: string; serverId: string; upstreamId: string; userId: string; result: string }>> {
  const { db } = deps;
  let query = db
    .selectFrom('upstream_tokens as t')
    .innerJoin('servers as s', 's.id', 't.server_id')
    .leftJoin('server_versions as v', 'v.id', 's.current_version_id')
    .selectAll('t')
    .select(['v.artifact', 'v.spec']);
  if (where.id) query = query.where('t.id', '=', where.id);
  if (where.userId) query = query.where('t.user_id', '=', where.userId);
  if (where.serverId) query = query.where('t.server_id', '=', where.serverId);
  if (where.orgId) query = query.where('s.org_id', '=', where.orgId);
  const rows = await query.execute();
  const secretsByServer = new Map<string, Record<string, string>>();
  const done: Array<{ id: string; serverId: string; upstreamId: string; userId: string; result: string }> =
    [];
  for (const r of rows) {
    const { artifact, spec, ...row } = r;
    const serverSpec = (artifact ?? spec ?? {}) as { upstreams?: UpstreamSpec[] };
    const upstream = serverSpec.upstreams?.find((u) => u.id === row.upstream_id);
    let secrets = secretsByServer.get(row.server_id);
    if (!secrets) {
      secrets = upstream ? await loadServerSecrets(db, deps.keyring, row.server_id).catch(() => ({})) : {};
      secretsByServer.set(row.server_id, secrets);
    }
    const result = row.revoked_at
      ? 'already_revoked'
      : await revokeAtProvider(deps, { row: row as UpstreamTokenRow, upstream, secrets });
    await db.deleteFrom('upstream_tokens').where('id', '=', row.id).execute();
    done.push({
      id: row.id,
      serverId: row.server_id,
      upstreamId: row.upstream_id,
      userId: row.user_id,
      result,
    });
  }
  return done;
}
