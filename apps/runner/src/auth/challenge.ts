/** `WWW-Authenticate: Bearer …` per RFC 6750 §3 and RFC 9728 §5.1. */
export function bearerChallenge(params: {
  resourceMetadata: string;
  scopes: readonly string[];
  error?: 'invalid_token' | 'insufficient_scope';
  description?: string;
}): string {
  const parts = [`resource_metadata="${params.resourceMetadata}"`];
  if (params.scopes.length) parts.push(`scope="${params.scopes.join(' ')}"`);
  if (params.error) parts.push(`error="${params.error}"`);
  if (params.description) parts.push(`error_description="${params.description.replace(/["\\]/g, "'")}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** The bearer token of an Authorization header, or undefined when none / not Bearer. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = header.match(/^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i);
  return m ? m[1] : '';
}
