import { type Keyring, serverSecretAad } from '@bmm/crypto';
import { Channels, type Db, notify, recordAudit } from '@bmm/db';
import { notFound } from '@bmm/http';
import { type AuditOrigin, auditEvent } from '../lib/audit.js';
import type { Auth } from '../plugins/auth.js';
import { lockServer } from '../servers/servers.repository.js';
import { deleteSecret, upsertSecret } from './secrets.repository.js';

/** Sets a server secret (encrypted, bound to server and name); the runner hears of it at once. */
export async function setServerSecret(
  deps: { db: Db; keyring: Keyring },
  auth: Auth,
  origin: AuditOrigin,
  target: { serverId: string; name: string; value: string },
) {
  const { db, keyring } = deps;
  const { serverId: id, name, value } = target;
  const { secret, slug } = await db.transaction().execute(async (trx) => {
    const server = await lockServer(trx, auth.orgId, id);
    if (!server) throw notFound('server');
    const row = await upsertSecret(trx, {
      serverId: id,
      name,
      ciphertext: keyring.encrypt(value, serverSecretAad(id, name)),
      keyVersion: keyring.currentVersion,
      updatedBy: auth.userId,
    });
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: row.replaced ? 'secret.update' : 'secret.create',
        resourceType: 'secret',
        resourceId: id,
        metadata: { name, server: server.slug },
      }),
    );
    return { secret: row, slug: server.slug };
  });
  await notify(db, Channels.serverChanged, { serverId: id, slug });
  return secret;
}

/** Deletes a server secret (404 when the server or the secret is not there). */
export async function deleteServerSecret(
  db: Db,
  orgId: string,
  origin: AuditOrigin,
  target: { serverId: string; name: string },
): Promise<void> {
  const { serverId: id, name } = target;
  const slug = await db.transaction().execute(async (trx) => {
    const server = await lockServer(trx, orgId, id);
    if (!server) throw notFound('server');
    if (!(await deleteSecret(trx, id, name))) throw notFound('secret');
    await recordAudit(
      trx,
      auditEvent(origin, {
        action: 'secret.delete',
        resourceType: 'secret',
        resourceId: id,
        metadata: { name, server: server.slug },
      }),
    );
    return server.slug;
  });
  await notify(db, Channels.serverChanged, { serverId: id, slug });
}
