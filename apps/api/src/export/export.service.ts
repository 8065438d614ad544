import { type Db, recordAudit } from '@bmm/db';
import { createExportTarball, exportBlocker, exportFileName } from '@bmm/export';
import { HttpProblem, notFound } from '@bmm/http';
import { type ServerSpec, validateSpec } from '@bmm/spec';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import { displayedVersion, findServer, findVersion } from '../servers/servers.repository.js';

/**
 * A standalone MCP SDK project of one version (default: the live one, else the newest) as a .tar.gz,
 * audited as `server.export`. Never a project that silently drops the per-user sign-in its tools rely on.
 */
export async function exportServer(
  db: Db,
  orgId: string,
  origin: AuditOrigin,
  target: { serverId: string; version?: number },
): Promise<{ tarball: Buffer; fileName: string }> {
  const { serverId: id, version } = target;
  const server = await findServer(db, orgId, id);
  if (!server) throw notFound('server');
  const row = version
    ? await findVersion(db, id, version)
    : await displayedVersion(db, id, server.current_version_id);
  if (!row)
    throw new HttpProblem(404, 'version_not_found', `This server has no version ${version ?? ''}.`.trim());
  const checked = validateSpec(row.artifact ?? row.spec);
  const spec = (checked.ok ? checked.spec : row.spec) as ServerSpec;
  const blocker = exportBlocker(spec);
  if (blocker) throw new HttpProblem(422, blocker.code, blocker.message);
  const tarball = await createExportTarball({ spec, serverName: server.name, version: row.version });
  await recordAudit(
    db,
    auditEvent(origin, {
      action: 'server.export',
      resourceType: 'server',
      resourceId: id,
      metadata: { slug: server.slug, version: row.version },
    }),
  );
  return { tarball, fileName: exportFileName(server.slug, row.version) };
}
