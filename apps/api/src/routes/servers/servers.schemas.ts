import {
  anyObject,
  dateTime,
  iso,
  nullableDateTime,
  nullableString,
  object,
  uuid,
} from '../../lib/schemas.js';
import type { ServerRow } from '../../servers/servers.repository.js';

export const visibility = { type: 'string', enum: ['org', 'public', 'allowlist'] } as const;
export const slugSchema = { type: 'string', minLength: 3, maxLength: 40 } as const;
export const secretName = { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$' } as const;
export const allowlistSchema = {
  type: 'array',
  maxItems: 500,
  uniqueItems: true,
  items: { type: 'string', format: 'email', maxLength: 254 },
} as const;

export const serverStatus = { type: 'string', enum: ['building', 'live', 'failed', 'inactive'] } as const;

export const serverSchema = object({
  id: uuid,
  slug: { type: 'string' },
  name: { type: 'string' },
  description: { type: 'string' },
  visibility,
  allowlist: { type: 'array', items: { type: 'string' } },
  status: serverStatus,
  toolCount: { type: 'integer' },
  currentVersion: { type: ['integer', 'null'] },
  latestVersion: { type: ['integer', 'null'] },
  latestBuild: {
    oneOf: [{ type: 'null' }, object({ id: uuid, status: { type: 'string' } })],
  },
  mcpUrl: { type: 'string' },
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const versionSchema = object({
  id: uuid,
  version: { type: 'integer' },
  specHash: nullableString,
  publishedAt: nullableDateTime,
  createdAt: dateTime,
  current: { type: 'boolean' },
});

export const snippetSchema = object({
  client: { type: 'string' },
  id: { type: 'string' },
  where: { type: 'string' },
  language: { type: 'string' },
  code: { type: 'string' },
});

export const serverDetailSchema = object({
  server: serverSchema,
  spec: { oneOf: [{ type: 'null' }, anyObject] },
  versions: { type: 'array', items: versionSchema },
  installSnippets: { type: 'array', items: snippetSchema },
  connectedClients: { type: 'integer' },
});

export function serverStatusOf(row: ServerRow): 'building' | 'live' | 'failed' | 'inactive' {
  if (row.latestBuildStatus === 'queued' || row.latestBuildStatus === 'running') return 'building';
  if (row.currentVersion !== null) return 'live';
  if (row.latestBuildStatus === 'failed') return 'failed';
  return 'inactive';
}

export function mcpUrl(runnerUrl: string, slug: string): string {
  return `${runnerUrl}/${slug}/mcp`;
}

export function toServer(row: ServerRow, runnerUrl: string) {
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
