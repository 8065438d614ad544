import type { OAuthInteractionRow } from '@bmm/db';
import type { AsContext } from '../context.js';
import { buildRedirect } from '../lib/redirect.js';
import type { LiveServer } from '../servers/servers.repository.js';
import { beginUpstreamSignIn, UpstreamSignInError, upstreamStatus } from '../upstream/sign-in.js';
import { attemptedUpstreams } from '../upstream/upstream.repository.js';
import { completeInteraction, grantAndIssueCode } from './interactions.repository.js';

/** Who answers an interaction, for the audit trail. */
export interface Requester {
  ip: string;
  userAgent: string | undefined;
}

export function requesterOf(request: { ip: string; headers: { 'user-agent'?: string } }): Requester {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/** Answers the interaction: records the grant, issues our code and redirects to the MCP client. */
export async function issueCode(
  ctx: AsContext,
  requester: Requester,
  interactionId: string,
  userId: string,
  server: LiveServer,
): Promise<string> {
  const { result, interaction } = await ctx.db.transaction().execute(async (trx) => {
    const interaction = await completeInteraction(trx, interactionId);
    return { interaction, result: await grantAndIssueCode(trx, interaction, userId) };
  });
  await ctx.audit.write({
    orgId: server.orgId,
    actor: { type: 'user', id: userId },
    action: result.created ? 'oauth.grant.create' : 'oauth.grant.use',
    resource: { type: 'oauth_grant', id: result.grantId },
    ip: requester.ip,
    userAgent: requester.userAgent,
    metadata: { client_id: interaction.client_id, server_id: server.id, scopes: interaction.scopes },
  });
  return buildRedirect(interaction.redirect_uri, {
    code: result.code,
    state: interaction.state,
    iss: ctx.urls.issuer,
  });
}

/** Ends the interaction with an error for the MCP client (`access_denied` and a description). */
export async function denyInteraction(
  ctx: AsContext,
  interaction: OAuthInteractionRow,
  description: string,
): Promise<string> {
  await completeInteraction(ctx.db, interaction.id).catch(() => {});
  return buildRedirect(interaction.redirect_uri, {
    error: 'access_denied',
    error_description: description.slice(0, 300),
    state: interaction.state,
    iss: ctx.urls.issuer,
  });
}

/**
 * After approval (and after each upstream sign-in): the next upstream the user has no live token
 * for, with every scope the server needs, gets a sign-in; when none is left, our code is issued.
 */
export async function continueInteraction(
  ctx: AsContext,
  requester: Requester,
  interaction: OAuthInteractionRow,
  userId: string,
  server: LiveServer,
): Promise<string> {
  // Each upstream is asked once per interaction: a provider that grants fewer scopes than asked (the
  // person unticked some) must not send the browser round in circles; tools ask again when they need more.
  const attempted = await attemptedUpstreams(ctx.db, interaction.id);
  const pending = (await upstreamStatus(ctx.db, userId, server)).find(
    (s) => !s.connected && !attempted.has(s.upstream.id),
  );
  if (!pending) return await issueCode(ctx, requester, interaction.id, userId, server);
  try {
    return await beginUpstreamSignIn(ctx, {
      userId,
      server,
      upstream: pending.upstream,
      scopes: pending.scopes,
      interactionId: interaction.id,
      returnTo: null,
    });
  } catch (err) {
    if (err instanceof UpstreamSignInError) return await denyInteraction(ctx, interaction, err.message);
    throw err;
  }
}
