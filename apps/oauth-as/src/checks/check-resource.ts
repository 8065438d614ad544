import type { Db } from '@bmm/db';
import { InvalidTarget, parseResourceUrl } from '@bmm/oauth';
import { findLiveServerBySlug, type LiveServer } from '../servers/servers.repository.js';

/** RFC 8707: `resource` must be exactly the canonical URL of one live hosted server. */
export async function checkResource(
  db: Db,
  runnerUrl: string,
  resource: string | undefined,
): Promise<LiveServer> {
  if (!resource)
    throw new InvalidTarget('resource is required: the canonical URL of the MCP server (RFC 8707).');
  const slug = parseResourceUrl(runnerUrl, resource);
  if (!slug)
    throw new InvalidTarget(
      `resource "${resource.slice(0, 200)}" is not the canonical URL of a server hosted here.`,
    );
  const server = await findLiveServerBySlug(db, slug);
  if (!server) throw new InvalidTarget(`No live MCP server at ${resource.slice(0, 200)}.`);
  return server;
}
