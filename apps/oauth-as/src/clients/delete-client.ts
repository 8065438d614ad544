import type { Db } from '@bmm/db';
import { revokeGrantTokens } from '@bmm/oauth';
import { deleteClient, grantIdsOfClient } from './clients.repository.js';

/** RFC 7592 delete: every token of every grant revoked (runners told), then the client and its rows gone. */
export async function deleteClientAndTokens(db: Db, clientId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const grantId of await grantIdsOfClient(trx, clientId)) await revokeGrantTokens(trx, grantId);
    await deleteClient(trx, clientId);
  });
}
