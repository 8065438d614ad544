import { randomUUID } from 'node:crypto';
import type { UpstreamBridge, UpstreamCredential } from '@bmm/sandbox';
import type { ToolSpec, UpstreamSpec } from '@bmm/spec';
import {
  requiredScopes,
  type TokenStatus,
  upstreamConnectUrl,
  usableToken,
  type VaultDeps,
} from '@bmm/upstream';
import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  inputRequired,
  type ServerContext,
  UrlElicitationRequiredError,
} from '@modelcontextprotocol/server';
import type { CallerIdentity } from '../auth/identity.js';
import type { HostedVersion } from './hosted-version.js';

export interface UpstreamAccessDeps {
  vault: VaultDeps;
  /** OAUTH_ISSUER: reconnect links are `${issuer}/upstream/connect?…`. */
  issuer: string;
}

/** Why the call cannot use an upstream, and where the user fixes it. */
export interface ConnectNeeded {
  upstream: UpstreamSpec;
  reason: Exclude<TokenStatus, { ok: true }>['reason'];
  url: string;
}

class UpstreamUnavailable extends Error {
  override name = 'UpstreamUnavailable';
}

const REASONS: Record<ConnectNeeded['reason'], string> = {
  not_connected: 'you have not signed in to it yet',
  revoked: 'your sign-in was revoked',
  scopes: 'this tool needs more permissions than you granted',
  expired: 'your sign-in expired',
  refresh_failed: 'your sign-in was revoked or expired',
};

export function connectMessage(need: ConnectNeeded, tool: string): string {
  return `"${tool}" needs your ${need.upstream.name} account, but ${REASONS[need.reason]}. Open ${need.url} to sign in to ${need.upstream.name}, then call the tool again.`;
}

/**
 * One tool call's access to the caller's upstream tokens: `get` resolves (refreshing when due),
 * `renew` reacts to an upstream 401. The first missing token is remembered in `needed`, and every
 * token handed out in `handedOut` (to scrub it from whatever the tool returns).
 */
export function upstreamBridge(
  deps: UpstreamAccessDeps,
  version: HostedVersion,
  tool: ToolSpec,
  caller: CallerIdentity | undefined,
): { bridge: UpstreamBridge; needed: () => ConnectNeeded | null; handedOut: Set<string> } {
  let needed: ConnectNeeded | null = null;
  const handedOut = new Set<string>();
  const lookup = async (id: string, stale?: string): Promise<UpstreamCredential | null> => {
    const upstream = version.spec.upstreams?.find((u) => u.id === id);
    if (!upstream) throw new UpstreamUnavailable(`This server has no upstream "${id}"`);
    if (!caller) throw new UpstreamUnavailable(`No signed-in user to act for at ${upstream.name}`);
    const status = await usableToken(deps.vault, {
      userId: caller.userId,
      serverId: version.serverId,
      orgId: version.orgId,
      upstreamId: id,
      upstream,
      required: requiredScopes(version.spec, id, tool),
      secrets: version.secrets,
      ...(stale !== undefined && { staleAccessToken: stale }),
    });
    if (!status.ok) {
      needed ??= {
        upstream,
        reason: status.reason,
        url: upstreamConnectUrl(deps.issuer, version.serverId, id),
      };
      return null;
    }
    handedOut.add(status.credential.accessToken);
    return status.credential;
  };
  const bridge: UpstreamBridge = {
    async get(id) {
      const credential = await lookup(id);
      if (!credential) throw new UpstreamUnavailable(connectMessage(needed!, tool.name));
      return credential;
    },
    renew: (id, stale) => lookup(id, stale),
  };
  return { bridge, needed: () => needed, handedOut };
}

/** Replaces every upstream token a tool was given wherever it appears in the tool's result. */
export function scrubTokens(result: CallToolResult, tokens: Set<string>): CallToolResult {
  if (tokens.size === 0) return result;
  let text = JSON.stringify(result);
  let changed = false;
  for (const token of tokens) {
    if (token.length >= 8 && text.includes(token)) {
      text = text.split(token).join('[redacted]');
      changed = true;
    }
  }
  return changed ? (JSON.parse(text) as CallToolResult) : result;
}

function wantsUrlElicitation(capabilities: unknown): boolean {
  const elicitation = (capabilities as { elicitation?: { url?: unknown } } | undefined)?.elicitation;
  return elicitation?.url !== undefined && elicitation.url !== null;
}

/**
 * The answer when the user must (re)connect an upstream: URL-mode elicitation when the client
 * declared it (2026-07-28: an input-required result; 2025 era: the SDK's
 * UrlElicitationRequiredError, -32042), else a tool error naming the same URL in words. A retry
 * that still finds no token (the user did not finish) ends with the words too, never a loop.
 */
export function connectRequired(
  need: ConnectNeeded,
  toolName: string,
  ctx: ServerContext,
  legacyCapabilities: unknown,
): CallToolResult {
  const message = connectMessage(need, toolName);
  const modern = ctx.mcpReq.envelope !== undefined;
  const retried =
    ctx.mcpReq.inputResponses !== undefined && Object.keys(ctx.mcpReq.inputResponses).length > 0;
  if (modern) {
    const declared = (ctx.mcpReq.envelope as Record<string, unknown>)[CLIENT_CAPABILITIES_META_KEY];
    if (wantsUrlElicitation(declared) && !retried)
      return inputRequired({
        inputRequests: {
          [`connect_${need.upstream.id}`]: inputRequired.elicitUrl({ message, url: need.url }),
        },
      }) as unknown as CallToolResult;
  } else if (wantsUrlElicitation(legacyCapabilities)) {
    throw new UrlElicitationRequiredError(
      [{ mode: 'url', message, url: need.url, elicitationId: randomUUID() }],
      message,
    );
  }
  return { content: [{ type: 'text', text: message }], isError: true };
}
