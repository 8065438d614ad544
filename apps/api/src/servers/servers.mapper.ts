import type { Static } from 'typebox';
import { iso } from '../lib/schemas.js';
import type { ServerRow } from './servers.repository.js';
import type { Server, ServerStatus, versionSchema } from './servers.schemas.js';

export function serverStatusOf(row: ServerRow): ServerStatus {
  if (row.latestBuildStatus === 'queued' || row.latestBuildStatus === 'running') return 'building';
  if (row.currentVersion !== null) return 'live';
  if (row.latestBuildStatus === 'failed') return 'failed';
  return 'inactive';
}

export function mcpUrl(runnerUrl: string, slug: string): string {
  return `${runnerUrl}/${slug}/mcp`;
}

export function toServer(row: ServerRow, runnerUrl: string): Server {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    visibility: row.visibility,
    allowlist: row.allowlist,
    status: serverStatusOf(row),
    toolCount: Number(row.toolCount),
    currentVersion: row.currentVersion,
    latestVersion: row.latestVersion === null ? null : Number(row.latestVersion),
    latestBuild: row.latestBuildId
      ? { id: row.latestBuildId, status: row.latestBuildStatus ?? 'queued' }
      : null,
    mcpUrl: mcpUrl(runnerUrl, row.slug),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toVersion(
  v: {
    id: string;
    version: number;
    spec_hash: string | null;
    published_at: Date | null;
    created_at: Date;
  },
  currentVersionId: string | null,
): Static<typeof versionSchema> {
  return {
    id: v.id,
    version: v.version,
    specHash: v.spec_hash,
    publishedAt: iso(v.published_at),
    createdAt: iso(v.created_at),
    current: v.id === currentVersionId,
  };
}
