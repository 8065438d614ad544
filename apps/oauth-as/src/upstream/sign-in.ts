import { sha256 } from '@bmm/crypto';
import type { Db, UpstreamAuthorizationRow } from '@bmm/db';
import type { ServerSpec, UpstreamSpec } from '@bmm/spec';
import {
  clientCredentials,
  credentialSecretNames,
  loadServerSecrets,
  requiredScopes,
  resolveUpstream,
  scopesCovered,
  startAuthorization,
  upstreamCallbackUrl,
} from '@bmm/upstream';
import type { AsContext } from '../context.js';
import type { LiveServer } from '../servers/servers.repository.js';
import {
  consumeUpstreamAuthorization,
  insertUpstreamAuthorization,
  upstreamTokenStates,
} from './upstream.repository.js';

/** How long a started upstream sign-in may take (the interaction it continues lives 10 minutes too). */
export const UPSTREAM_SIGN_IN_TTL_MS = 10 * 60 * 1000;

/** A sign-in that cannot start (no OAuth app configured, unreachable upstream): told to the user. */
export class UpstreamSignInError extends Error {
  override name = 'UpstreamSignInError';
}

export function upstreamsOf(server: LiveServer): UpstreamSpec[] {
  return (server.spec as Partial<ServerSpec>).upstreams ?? [];
}

export function scopesFor(server: LiveServer, upstreamId: string): string[] {
  const spec = server.spec as Partial<ServerSpec>;
  return requiredScopes({ tools: [], ...spec } as ServerSpec, upstreamId);
}

/** Per upstream of the server: whether the user holds a live token with every scope the server needs. */
export async function upstreamStatus(
  db: Db,
  userId: string,
  server: LiveServer,
): Promise<Array<{ upstream: UpstreamSpec; scopes: string[]; connected: boolean }>> {
  const upstreams = upstreamsOf(server);
  if (upstreams.length === 0) return [];
  const rows = await upstreamTokenStates(db, userId, server.id);
  return upstreams.map((upstream) => {
    const scopes = scopesFor(server, upstream.id);
    const row = rows.find((r) => r.upstream_id === upstream.id);
    const expiredForGood =
      row !== undefined &&
      row.refresh_token_ciphertext === null &&
      row.expires_at !== null &&
      row.expires_at.getTime() <= Date.now();
    const connected =
      row !== undefined && row.revoked_at === null && !expiredForGood && scopesCovered(scopes, row.scopes);
    return { upstream, scopes, connected };
  });
}

/**
 * Starts a sign-in at one upstream: stores the pending authorization (state hashed, PKCE verifier
 * sealed, single use, 10 minutes) and returns the provider's authorization URL.
 */
export async function beginUpstreamSignIn(
  ctx: AsContext,
  input: {
    userId: string;
    server: LiveServer;
    upstream: UpstreamSpec;
    scopes: string[];
    interactionId: string | null;
    returnTo: string | null;
  },
): Promise<string> {
  const { server, upstream } = input;
  const secrets = await loadServerSecrets(ctx.db, ctx.keyring, server.id, credentialSecretNames(upstream));
  const creds = clientCredentials(upstream, secrets, ctx.upstream.apps);
  if (!creds)
    throw new UpstreamSignInError(
      `The server "${server.name}" has no OAuth app configured for ${upstream.name}: its owner must set ${upstream.clientIdSecret}.`,
    );
  let authorizationUrl: string;
  let state: string;
  let codeVerifier: string | null;
  let nonce: string | null;
  try {
    const resolved = await resolveUpstream(upstream, ctx.upstream.network);
    ({
      url: authorizationUrl,
      state,
      codeVerifier,
      nonce,
    } = await startAuthorization(resolved, creds, {
      redirectUri: upstreamCallbackUrl(ctx.urls.issuer),
      scopes: input.scopes,
    }));
  } catch {
    throw new UpstreamSignInError(`${upstream.name} could not be reached to start the sign-in.`);
  }
  const stateHash = sha256(state);
  await insertUpstreamAuthorization(ctx.db, {
    state_hash: stateHash,
    user_id: input.userId,
    server_id: server.id,
    upstream_id: upstream.id,
    interaction_id: input.interactionId,
    code_verifier_ciphertext: codeVerifier ? ctx.keyring.encrypt(codeVerifier, verifierAad(stateHash)) : null,
    nonce,
    scopes: input.scopes,
    return_to: input.returnTo,
    expires_at: new Date(Date.now() + UPSTREAM_SIGN_IN_TTL_MS),
  });
  return authorizationUrl;
}

export const verifierAad = (stateHash: string) => `upstream_authorization:${stateHash}`;

/** Takes the pending sign-in for a `state` exactly once; null when unknown, used or expired. */
export async function consumeAuthorization(db: Db, state: string): Promise<UpstreamAuthorizationRow | null> {
  if (state.length === 0 || state.length > 200) return null;
  return (await consumeUpstreamAuthorization(db, sha256(state))) ?? null;
}
