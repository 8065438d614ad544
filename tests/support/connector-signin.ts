import type { Session } from './http.ts';

/**
 * Signs a person's OAuth connector in through our own AS, as the popup would: oauth/start, the
 * consent approval the consent page posts, then the callback page. Throws when a step fails.
 */
export async function signInConnector(user: Session, issuer: string, connectorId: string): Promise<void> {
  const start = await user.call('POST', `/v1/connectors/${connectorId}/oauth/start`);
  if (start.status !== 200) throw new Error(`oauth/start: ${start.status} ${JSON.stringify(start.body)}`);
  const toConsent = await fetch(start.body.authorize_url, { redirect: 'manual' });
  const consent = new URL(toConsent.headers.get('location') ?? '');
  const interactionId = consent.searchParams.get('interaction');
  if (!interactionId) throw new Error(`authorize did not lead to consent: ${toConsent.status}`);
  const headers = { cookie: user.cookie, origin: user.webUrl, 'content-type': 'application/json' };
  const interaction = (await (await fetch(`${issuer}/interaction/${interactionId}`, { headers })).json()) as {
    csrf_token: string;
    redirect_to?: string;
  };
  let callback = interaction.redirect_to;
  if (!callback) {
    const approved = await fetch(`${issuer}/interaction/${interactionId}/approve`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ csrf_token: interaction.csrf_token }),
    });
    if (approved.status !== 200) throw new Error(`consent approval: ${approved.status}`);
    callback = ((await approved.json()) as { redirect_to: string }).redirect_to;
  }
  const page = await (await fetch(callback)).text();
  if (!page.includes('"status":"ready"')) throw new Error('the callback page did not report a sign-in');
}
