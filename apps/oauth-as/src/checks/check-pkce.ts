import { createHash } from 'node:crypto';
import { safeEqual } from '@bmm/crypto';
import { InvalidGrant, InvalidRequest } from '@bmm/oauth';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
export const PKCE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** /authorize: PKCE is mandatory and only S256 is accepted (OAuth 2.1, MCP authorization). */
export function checkPkceChallenge(params: {
  code_challenge?: string;
  code_challenge_method?: string;
}): string {
  if (!params.code_challenge)
    throw new InvalidRequest('PKCE is required: send code_challenge and code_challenge_method=S256.');
  if (params.code_challenge_method !== 'S256')
    throw new InvalidRequest(
      params.code_challenge_method === 'plain' || params.code_challenge_method === undefined
        ? 'PKCE method plain is not allowed: use code_challenge_method=S256.'
        : `Unsupported code_challenge_method "${params.code_challenge_method.slice(0, 20)}": use S256.`,
    );
  if (!CHALLENGE.test(params.code_challenge))
    throw new InvalidRequest('code_challenge must be 43 base64url characters (S256).');
  return params.code_challenge;
}

/** /token: the verifier must hash to the challenge bound to the code. */
export function checkPkceVerifier(verifier: string | undefined, challenge: string): void {
  if (!verifier) throw new InvalidRequest('code_verifier is required (PKCE).');
  if (!PKCE_VERIFIER.test(verifier))
    throw new InvalidGrant('PKCE verification failed: malformed code_verifier.');
  const computed = createHash('sha256').update(verifier).digest('base64url');
  if (!safeEqual(computed, challenge))
    throw new InvalidGrant('PKCE verification failed: code_verifier does not match code_challenge.');
}
