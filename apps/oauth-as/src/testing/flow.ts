import * as oauth from 'oauth4webapi';
import { expect } from 'vitest';
import type { SeededUser } from './harness.js';

export const insecure = { [oauth.allowInsecureRequests]: true } as const;

export async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  return await oauth.processDiscoveryResponse(
    url,
    await oauth.discoveryRequest(url, { algorithm: 'oauth2', ...insecure }),
  );
}

export interface AuthorizeOptions {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  redirectUri: string;
  resource: string;
  user: SeededUser;
  scope?: string;
}

/** /authorize → consent redirect → GET interaction → approve; returns the callback URL and PKCE verifier. */
export interface InteractionView {
  client: Record<string, unknown>;
  server: Record<string, unknown>;
  scopes: string[];
  csrf_token: string;
  auto_approved: boolean;
  redirect_to?: string;
}

export async function authorizeAndApprove(
  o: AuthorizeOptions,
): Promise<{ callback: URL; verifier: string; state: string; view: InteractionView }> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(o.as.authorization_endpoint as string);
  url.searchParams.set('client_id', o.client.client_id);
  url.searchParams.set('redirect_uri', o.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('resource', o.resource);
  url.searchParams.set('state', state);
  if (o.scope) url.searchParams.set('scope', o.scope);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const consent = new URL(res.headers.get('location') as string);
  const id = consent.searchParams.get('interaction') as string;
  const base = (o.as.issuer as string).replace(/\/$/, '');
  const view = await fetch(`${base}/interaction/${id}`, { headers: { cookie: o.user.cookie } });
  expect(view.status).toBe(200);
  const body = (await view.json()) as InteractionView;
  if (body.auto_approved)
    return { callback: new URL(body.redirect_to as string), verifier, state, view: body };
  const approve = await fetch(`${base}/interaction/${id}/approve`, {
    method: 'POST',
    headers: { cookie: o.user.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ csrf_token: body.csrf_token }),
  });
  expect(approve.status).toBe(200);
  const { redirect_to } = (await approve.json()) as { redirect_to: string };
  return { callback: new URL(redirect_to), verifier, state, view: body };
}

/** The full code flow with a strict client; returns the token response. */
export async function obtainTokens(
  o: AuthorizeOptions & { auth: oauth.ClientAuth },
): Promise<oauth.TokenEndpointResponse> {
  const { callback, verifier, state } = await authorizeAndApprove(o);
  const params = oauth.validateAuthResponse(o.as, o.client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(
    o.as,
    o.client,
    o.auth,
    params,
    o.redirectUri,
    verifier,
    {
      additionalParameters: { resource: o.resource },
      ...insecure,
    },
  );
  return await oauth.processAuthorizationCodeResponse(o.as, o.client, response);
}

export interface FormResult {
  status: number;
  headers: Headers;
  body: any;
}

/** Posts a form to an endpoint and returns status + JSON. */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<FormResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
