/** Slugs as the spec defines them (packages/spec SLUG_PATTERN). */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/;

function base(runnerUrl: string): string {
  return runnerUrl.replace(/\/+$/, '');
}

/** The canonical RFC 8707 resource URL of a hosted server: `${RUNNER_URL}/<slug>/mcp`. */
export function canonicalResourceUrl(runnerUrl: string, slug: string): string {
  return `${base(runnerUrl)}/${slug}/mcp`;
}

/** The protected-resource metadata URL (RFC 9728) of a hosted server. */
export function protectedResourceMetadataUrl(runnerUrl: string, slug: string): string {
  const u = new URL(base(runnerUrl));
  const path = u.pathname === '/' ? '' : u.pathname;
  return `${u.origin}/.well-known/oauth-protected-resource${path}/${slug}/mcp`;
}

/**
 * The slug a resource URL names, or null unless it is exactly the canonical form
 * (no trailing slash, query or fragment): audiences are compared as strings, so only one form passes.
 */
export function parseResourceUrl(runnerUrl: string, url: string): string | null {
  const prefix = `${base(runnerUrl)}/`;
  if (!url.startsWith(prefix) || !url.endsWith('/mcp')) return null;
  const slug = url.slice(prefix.length, -'/mcp'.length);
  return SLUG.test(slug) ? slug : null;
}
