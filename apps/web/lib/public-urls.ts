import { connection } from 'next/server';
import { webEnv } from './env';

/** The deployment's public URLs, read per request so docs show this platform's real addresses. */
export async function publicUrls() {
  await connection();
  const env = webEnv();
  const issuer = new URL(env.oauthIssuer);
  const issuerPath = issuer.pathname.replace(/\/+$/, '');
  return {
    web: env.webUrl,
    api: env.apiUrl,
    issuer: env.oauthIssuer,
    asMetadata: `${issuer.origin}/.well-known/oauth-authorization-server${issuerPath}`,
    builder: env.builderUrl,
    runner: env.runnerUrl,
  };
}
