import { expect } from 'vitest';
import type { Session } from './http.ts';

/**
 * Approves the consent of an authorize URL as `user` through our AS (what the consent page does)
 * and answers where the AS sends the browser back (the client's redirect with code, state, iss).
 */
export async function approveConsent(issuer: string, webUrl: string, user: Session, authorizeUrl: string) {
  const toConsent = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(toConsent.status).toBe(302);
  const interactionId = new URL(toConsent.headers.get('location')!).searchParams.get('interaction')!;
  const headers = { cookie: user.cookie, origin: webUrl, 'content-type': 'application/json' };
  const interaction = (await (await fetch(`${issuer}/interaction/${interactionId}`, { headers })).json()) as {
    csrf_token: string;
    redirect_to?: string;
  };
  if (interaction.redirect_to) return new URL(interaction.redirect_to);
  const approved = await fetch(`${issuer}/interaction/${interactionId}/approve`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ csrf_token: interaction.csrf_token }),
  });
  expect(approved.status).toBe(200);
  return new URL(((await approved.json()) as { redirect_to: string }).redirect_to);
}
