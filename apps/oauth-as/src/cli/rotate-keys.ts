import { loadConfig, oauthConfigSchema } from '@bmm/config';
import { Keyring } from '@bmm/crypto';
import { createDb } from '@bmm/db';
import { ensureSigningKeys, rotateSigningKeys } from '../keys/signing-keys.js';

// `pnpm --filter @bmm/oauth-as keys:rotate`: per algorithm, promote the next signing key, retire the active one.
const config = loadConfig(oauthConfigSchema, 'oauth-as');
const db = createDb(config.DATABASE_URL, { max: 1, applicationName: 'bmm-oauth-keys' });
try {
  const keyring = Keyring.fromConfig(config);
  await ensureSigningKeys(db, keyring);
  for (const { alg, activated, retired } of await rotateSigningKeys(db, keyring))
    process.stdout.write(
      `${alg} signing key ${activated} is now active${retired ? `; ${retired} is retired and stays in the JWKS until its tokens expire` : ''}.\n`,
    );
  process.stdout.write('Running oauth-as instances switch within a minute.\n');
} catch (err) {
  process.stderr.write(`keys:rotate failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
