import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

/** One file of an archive: path relative to the archive's top folder. */
export interface ArchiveFile {
  path: string;
  content: string | Buffer;
  executable?: boolean;
}

/** A .tar.gz of `files` under `root/`, with plain permissions (no owners, no links). */
export async function tarGz(root: string, files: ArchiveFile[], mtime = new Date()): Promise<Buffer> {
  const archive = pack();
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
    gzip.on('end', () => resolve(Buffer.concat(chunks)));
    gzip.on('error', reject);
    archive.on('error', reject);
  });
  archive.pipe(gzip);

  const dirs = new Set<string>();
  const entry = (header: Parameters<typeof archive.entry>[0], content?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      archive.entry(header, content ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
    });
  await entry({ name: `${root}/`, type: 'directory', mode: 0o755, mtime });
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      await entry({ name: `${root}/${dir}/`, type: 'directory', mode: 0o755, mtime });
    }
    const content = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    await entry(
      { name: `${root}/${file.path}`, type: 'file', mode: file.executable ? 0o755 : 0o644, mtime },
      content,
    );
  }
  archive.finalize();
  return done;
}
