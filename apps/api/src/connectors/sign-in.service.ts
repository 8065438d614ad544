import type { ConnectorRow } from '@bmm/db';
import { recordAudit } from '@bmm/db';
import { badGateway, conflict, notFound } from '@bmm/http';
import { auth as runAuth } from '@modelcontextprotocol/client';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { OutboundRefusedError } from '../lib/outbound.js';
import {
  consumeOAuthState,
  findConnectorOfUser,
  insertOAuthState,
  updateConnector,
} from './connectors.repository.js';
import type { ConnectorRuntime } from './mcp-session.js';
import { ConnectorOAuthProvider, openOAuthData } from './oauth-provider.js';
import { InvalidStateError, newOAuthState, readOAuthState } from './oauth-state.js';
import { revokeAtRemote } from './revoke.js';

const notOAuth = () => conflict('not_oauth', 'This connector does not use OAuth.');

/**
 * Starts an OAuth sign-in for the person's connector: discovery and registration through the SDK's
 * `auth()`, a signed single-use state; answers the URL the popup opens. A remote that cannot be
 * discovered is `502 oauth_discovery_failed` (and the connector's last error).
 */
export async function startSignIn(rt: ConnectorRuntime, userId: string, row: ConnectorRow): Promise<string> {
  if (row.auth_type !== 'oauth') throw notOAuth();
  const { state, nonceHash, expiresAt } = newOAuthState(rt.keyring, userId, row.id);
  await insertOAuthState(rt.db, { nonceHash, connectorId: row.id, userId, expiresAt });
  // A fresh sign-in: keep the registered client, drop old tokens and discovery.
  const data = openOAuthData(rt.keyring, row.id, row.oauth_ciphertext);
  const provider = new ConnectorOAuthProvider(
    rt.db,
    rt.keyring,
    row.id,
    { client: data.client, scope: data.scope },
    { ...rt.oauth, state },
  );
  try {
    const result = await runAuth(provider, {
      serverUrl: row.url,
      fetchFn: rt.fetch,
      ...(data.scope ? { scope: data.scope } : {}),
    });
    if (result !== 'REDIRECT' || !provider.authorizationUrl)
      throw new Error('the server authorized without a sign-in');
    return provider.authorizationUrl.href;
  } catch (err) {
    const message = (
      err instanceof OutboundRefusedError ? err.message : `OAuth discovery failed: ${(err as Error).message}`
    ).slice(0, 500);
    await updateConnector(rt.db, row.id, { status: 'error', last_error: message });
    throw badGateway(
      'oauth_discovery_failed',
      `${message} The auth doctor (/doctor) shows which step fails.`,
    );
  }
}

/**
 * Signs out: revokes the grant at the remote (RFC 7009, when offered) and forgets the tokens; the
 * registered client is kept. Audited as `connector.signout` with the remote's outcome.
 */
export async function signOut(
  rt: ConnectorRuntime,
  origin: AuditOrigin,
  row: ConnectorRow,
): Promise<ConnectorRow> {
  if (row.auth_type !== 'oauth') throw notOAuth();
  const data = openOAuthData(rt.keyring, row.id, row.oauth_ciphertext);
  const remote = await revokeAtRemote(rt.fetch, data);
  return rt.db.transaction().execute(async (trx) => {
    const provider = new ConnectorOAuthProvider(trx, rt.keyring, row.id, { client: data.client }, rt.oauth);
    await provider.invalidateCredentials('tokens');
    const next = await updateConnector(trx, row.id, { status: 'signin_required', last_error: null });
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'connector.signout',
        resourceType: 'connector',
        resourceId: row.id,
        metadata: { name: row.name, remote_revocation: remote },
      }),
    );
    if (!next) throw notFound('connector');
    return next;
  });
}

/** What the remote authorization server sent the popup back with. */
export interface SignInAnswer {
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  error_description?: string;
}

/** How a sign-in ended, for the popup's page and its message to the opener. */
export type SignInOutcome =
  | { status: 'ready'; connectorId: string; text: string }
  | { status: 'error'; connectorId: string | null; error: string };

/**
 * The connector and person a returned `state` names: HMAC-signed (person + connector), five minutes,
 * accepted once. Else why the answer is refused.
 */
async function claimSignIn(
  rt: ConnectorRuntime,
  state: string | undefined,
): Promise<{ row: ConnectorRow; userId: string } | { error: string }> {
  if (!state) return { error: 'The sign-in answer has no state.' };
  let claims: ReturnType<typeof readOAuthState>;
  try {
    claims = readOAuthState(rt.keyring, state);
  } catch (err) {
    if (err instanceof InvalidStateError)
      return { error: 'This sign-in is invalid or has expired. Start it again.' };
    throw err;
  }
  if (!(await consumeOAuthState(rt.db, claims)))
    return { error: 'This sign-in was already used or has expired. Start it again.' };
  const row = await findConnectorOfUser(rt.db, claims.userId, claims.connectorId);
  if (!row) return { error: 'This connector no longer exists.' };
  return { row, userId: claims.userId };
}

/**
 * Finishes a sign-in from the remote's answer. The state is the only proof of who started it
 * (`claimSignIn`); then the SDK's `auth()` redeems the code (PKCE verifier, `iss` check). `origin`
 * carries the popup's ip and user agent; the actor is the person the state names. Never throws for a
 * bad answer: every outcome is a page for the person.
 */
export async function completeSignIn(
  rt: ConnectorRuntime,
  origin: AuditOrigin,
  answer: SignInAnswer,
): Promise<SignInOutcome> {
  const fail = (connectorId: string | null, error: string): SignInOutcome => ({
    status: 'error',
    connectorId,
    error,
  });
  const claimed = await claimSignIn(rt, answer.state);
  if ('error' in claimed) return fail(null, claimed.error);
  const { row, userId } = claimed;
  const audit = (action: string) =>
    recordAudit(
      rt.db,
      auditEvent(origin, {
        action,
        resourceType: 'connector',
        resourceId: row.id,
        orgId: row.org_id,
        actor: { type: 'user', id: userId },
        metadata: { name: row.name },
      }),
    );
  if (answer.error) {
    const message =
      `The server refused the sign-in: ${answer.error}${answer.error_description ? ` (${answer.error_description})` : ''}.`.slice(
        0,
        500,
      );
    await updateConnector(rt.db, row.id, { status: 'signin_required', last_error: message });
    return fail(row.id, message);
  }
  if (!answer.code) return fail(row.id, 'The sign-in answer has no code.');
  const provider = new ConnectorOAuthProvider(
    rt.db,
    rt.keyring,
    row.id,
    openOAuthData(rt.keyring, row.id, row.oauth_ciphertext),
    rt.oauth,
  );
  try {
    const result = await runAuth(provider, {
      serverUrl: row.url,
      authorizationCode: answer.code,
      iss: answer.iss,
      fetchFn: rt.fetch,
    });
    if (result !== 'AUTHORIZED') throw new Error('the code was not accepted');
  } catch (err) {
    const message = (
      err instanceof OutboundRefusedError ? err.message : `Sign-in failed: ${(err as Error).message}`
    ).slice(0, 500);
    await updateConnector(rt.db, row.id, { status: 'error', last_error: message });
    await audit('connector.signin_failed');
    return fail(row.id, message);
  }
  await updateConnector(rt.db, row.id, { status: 'ready', last_error: null });
  await audit('connector.signin');
  return { status: 'ready', connectorId: row.id, text: `Signed in to ${row.name}.` };
}
