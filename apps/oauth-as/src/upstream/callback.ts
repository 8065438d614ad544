import type { UpstreamAuthorizationRow } from '@bmm/db';
import type { UpstreamSpec } from '@bmm/spec';
import {
  clientCredentials,
  completeAuthorization,
  credentialSecretNames,
  loadServerSecrets,
  resolveUpstream,
  storeTokens,
  upstreamCallbackUrl,
} from '@bmm/upstream';
import type { AsContext } from '../context.js';
import type { Requester } from '../interactions/finish.js';
import type { LiveServer } from '../servers/servers.repository.js';
import { UpstreamSignInError, verifierAad } from './sign-in.js';

export type UpstreamTokens = Awaited<ReturnType<typeof completeAuthorization>>;

/** Exchanges the upstream's code (PKCE, `iss` when advertised) with the server's OAuth app; throws on failure. */
export async function exchangeUpstreamCode(
  ctx: AsContext,
  input: {
    auth: UpstreamAuthorizationRow;
    server: LiveServer;
    upstream: UpstreamSpec;
    /** The callback's query parameters, as the provider sent them. */
    callback: URLSearchParams;
    state: string;
  },
): Promise<UpstreamTokens> {
  const { auth, server, upstream } = input;
  const secrets = await loadServerSecrets(ctx.db, ctx.keyring, server.id, credentialSecretNames(upstream));
  const creds = clientCredentials(upstream, secrets, ctx.upstream.apps);
  if (!creds) throw new UpstreamSignInError(`No OAuth app is configured for ${upstream.name}.`);
  const resolved = await resolveUpstream(upstream, ctx.upstream.network);
  return await completeAuthorization(
    resolved,
    creds,
    {
      callback: input.callback,
      state: input.state,
      codeVerifier: auth.code_verifier_ciphertext
        ? ctx.keyring.decryptString(auth.code_verifier_ciphertext, verifierAad(auth.state_hash))
        : null,
      nonce: auth.nonce,
      redirectUri: upstreamCallbackUrl(ctx.urls.issuer),
    },
    ctx.upstream.network,
  );
}

/** Stores the upstream tokens in the vault (encrypted) and audits `upstream.connect` — never a token. */
export async function recordUpstreamConnection(
  ctx: AsContext,
  requester: Requester,
  input: {
    auth: UpstreamAuthorizationRow;
    server: LiveServer;
    upstream: UpstreamSpec;
    tokens: UpstreamTokens;
  },
): Promise<void> {
  const { auth, server, upstream, tokens } = input;
  const stored = await storeTokens(
    ctx.db,
    ctx.keyring,
    { userId: auth.user_id, serverId: server.id, upstreamId: upstream.id },
    tokens,
    auth.scopes,
  );
  await ctx.audit.write({
    orgId: server.orgId,
    actor: { type: 'user', id: auth.user_id },
    action: 'upstream.connect',
    resource: { type: 'upstream_token', id: stored.id },
    ip: requester.ip,
    userAgent: requester.userAgent,
    metadata: {
      server_id: server.id,
      upstream_id: upstream.id,
      scopes: tokens.scopes ?? auth.scopes,
      account: tokens.account?.label ?? tokens.account?.id ?? null,
      reconnect: !stored.created,
    },
  });
}
