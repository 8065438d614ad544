import { canonicalResourceUrl, MCP_TOOLS_SCOPE, protectedResourceMetadataUrl } from '@bmm/oauth';
import type { HostedVersion } from '../hosting/hosted-version.js';

/** What a caller who has not proven access may learn about `/<slug>/mcp`. */
export interface ResourceFace {
  resourceUrl: string;
  metadataUrl: string;
  scopes: readonly string[];
  /** The display name: only for `public` servers. */
  name?: string;
}

/**
 * Public servers show their name and scopes. An `org` or `allowlist` server and a slug that serves
 * nothing look exactly alike (canonical URLs, the base scope, no name), so an unauthenticated caller
 * cannot tell a private server exists or learn what it is called. Callers with a valid token for the
 * server get the real scopes in step-up challenges.
 */
const faces = new WeakMap<HostedVersion, ResourceFace>();

export function resourceFace(runnerUrl: string, slug: string, version: HostedVersion | null): ResourceFace {
  if (!version) return privateFace(runnerUrl, slug);
  // Once per version, not per request (the URLs of a version are those of its slug).
  let face = faces.get(version);
  if (!face) {
    face =
      version.visibility === 'public'
        ? {
            resourceUrl: version.resourceUrl,
            metadataUrl: version.metadataUrl,
            scopes: version.scopes,
            name: version.spec.name,
          }
        : privateFace(runnerUrl, slug);
    faces.set(version, face);
  }
  return face;
}

function privateFace(runnerUrl: string, slug: string): ResourceFace {
  return {
    resourceUrl: canonicalResourceUrl(runnerUrl, slug),
    metadataUrl: protectedResourceMetadataUrl(runnerUrl, slug),
    scopes: [MCP_TOOLS_SCOPE],
  };
}
