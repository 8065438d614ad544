import { type ExportOptions, exportProjectFiles, packageVersion } from './project.js';
import { tarGz } from './tarball.js';

export {
  EXPORT_DEPENDENCIES,
  type ExportOptions,
  ExportUnsupportedError,
  exportBlocker,
  exportProjectFiles,
  packageVersion,
} from './project.js';
export { type ArchiveFile, tarGz } from './tarball.js';

export const EXPORT_CONTENT_TYPE = 'application/gzip';

/** `weather-v3.tar.gz` — the download name of an export. */
export function exportFileName(slug: string, version: string | number): string {
  return `${slug}-v${String(version).replace(/[^0-9A-Za-z.-]/g, '')}.tar.gz`;
}

/**
 * A .tar.gz of a standalone TypeScript project serving `spec` (one server version) with the official
 * MCP SDK, its own token check, a Dockerfile and a README. Throws a TypeError on an invalid spec.
 */
export async function createExportTarball(options: ExportOptions): Promise<Buffer> {
  const files = await exportProjectFiles(options);
  return tarGz(`${options.spec.slug}-mcp-server-v${packageVersion(options.version)}`, files);
}
