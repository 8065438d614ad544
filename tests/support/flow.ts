import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Session } from './http.ts';
import type { TestOAuthProvider } from './oauth-client.ts';
import type { PlatformUrls } from './platform.ts';

/**
 * After a first connection attempt recorded the authorization URL in `provider`: follows it to the
 * consent interaction, approves as `user` through the AS's interaction API, and exchanges the code.
 */
export async function approveAndExchange(
  provider: TestOAuthProvider,
  user: Session,
  urls: PlatformUrls,
  mcpUrl: string,
): Promise<void> {
  const toConsent = await fetch(provider.authorizationUrl!, { redirect: 'manual' });
  const interactionId = new URL(toConsent.headers.get('location')!).searchParams.get('interaction')!;
  const headers = { cookie: user.cookie, origin: urls.WEB_URL, 'content-type': 'application/json' };
  const interaction = (await (
    await fetch(`${urls.OAUTH_ISSUER}/interaction/${interactionId}`, { headers })
  ).json()) as { csrf_token: string };
  const approved = await fetch(`${urls.OAUTH_ISSUER}/interaction/${interactionId}/approve`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ csrf_token: interaction.csrf_token }),
  });
  if (approved.status !== 200) throw new Error(`approve failed: ${approved.status}`);
  const callback = new URL(((await approved.json()) as { redirect_to: string }).redirect_to);
  await new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }).finishAuth(
    callback.searchParams,
  );
}
