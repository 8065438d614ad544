import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const ALG = 'aes-256-gcm';
const FORMAT = 'bmm1';

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

export interface MasterKey {
  version: number;
  key: Buffer;
}

/**
 * Envelope encryption under versioned master keys. Each value gets its own random data key;
 * the data key is wrapped by the current master key. Associated data binds a ciphertext to
 * its row (e.g. `server_secret:<serverId>:<name>`): moved to another row, it fails to decrypt.
 */
export class Keyring {
  private readonly keys = new Map<number, Buffer>();
  readonly current: MasterKey;

  constructor(current: MasterKey, old: MasterKey[] = []) {
    for (const k of [current, ...old]) {
      if (k.key.length !== 32) throw new Error(`master key version ${k.version} must be 32 bytes`);
      this.keys.set(k.version, k.key);
    }
    this.current = current;
  }

  /** From config: BMM_MASTER_KEY (+ version) and BMM_OLD_MASTER_KEYS (`v:base64,…`). */
  static fromConfig(config: {
    BMM_MASTER_KEY: string;
    BMM_MASTER_KEY_VERSION?: number;
    BMM_OLD_MASTER_KEYS?: string | undefined;
  }): Keyring {
    const old = (config.BMM_OLD_MASTER_KEYS ?? '')
      .split(',')
      .filter(Boolean)
      .map((entry) => {
        const [v, k] = entry.split(':');
        return { version: Number(v), key: Buffer.from(k ?? '', 'base64') };
      });
    return new Keyring(
      { version: config.BMM_MASTER_KEY_VERSION ?? 1, key: Buffer.from(config.BMM_MASTER_KEY, 'base64') },
      old,
    );
  }

  get currentVersion(): number {
    return this.current.version;
  }

  encrypt(plaintext: string | Buffer, associatedData: string): string {
    const dataKey = randomBytes(32);
    const wrapped = seal(this.current.key, dataKey, `wrap:${associatedData}`);
    const body = seal(
      dataKey,
      Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8'),
      associatedData,
    );
    return [FORMAT, this.current.version, wrapped, body].join('.');
  }

  decrypt(envelope: string, associatedData: string): Buffer {
    const parts = envelope.split('.');
    if (parts.length !== 8 || parts[0] !== FORMAT) throw new DecryptionError('not a bmm1 envelope');
    const version = Number(parts[1]);
    const master = this.keys.get(version);
    if (!master) throw new DecryptionError(`no master key with version ${version} is configured`);
    const dataKey = open(master, parts.slice(2, 5), `wrap:${associatedData}`);
    return open(dataKey, parts.slice(5, 8), associatedData);
  }

  decryptString(envelope: string, associatedData: string): string {
    return this.decrypt(envelope, associatedData).toString('utf8');
  }

  /** The version an envelope was sealed under (to find values that need re-encryption). */
  static versionOf(envelope: string): number {
    return Number(envelope.split('.')[1]);
  }

  /** A sub-key for one purpose (ticket signing, cookie signing), derived with HKDF. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.current.key, Buffer.alloc(0), `bmm:${purpose}`, 32));
  }
}

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALG, key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, ct, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

function open(key: Buffer, [iv, ct, tag]: string[], aad: string): Buffer {
  try {
    const decipher = createDecipheriv(ALG, key, Buffer.from(iv ?? '', 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct ?? '', 'base64url')), decipher.final()]);
  } catch {
    throw new DecryptionError('ciphertext does not authenticate (wrong key, wrong row, or tampered)');
  }
}
