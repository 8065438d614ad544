import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The local launcher's master key: generated once into the data directory (mode 0600) and
 * reused, so secrets and signing keys encrypted by one run decrypt in the next.
 */
export function ensureMasterKey(file: string): string {
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (Buffer.from(key, 'base64').length !== 32) {
      throw new Error(
        `${file} does not hold a 32-byte base64 key. Restore it from a backup (deleting it loses every stored secret).`,
      );
    }
    return key;
  }
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
