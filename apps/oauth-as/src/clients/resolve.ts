import type { Db, OAuthClientRow } from '@bmm/db';
import { InvalidClient, InvalidClientMetadata, OAuthError } from '@bmm/oauth';
import { fetchMetadataDocument, isMetadataDocumentUrl } from './cimd.js';
import { findClient, upsertMetadataDocumentClient } from './clients.repository.js';
import { validateClientMetadata } from './metadata.js';

/**
 * Finds a client: registered ones from the database; Client ID Metadata Document clients from
 * their cached row, fetched again when the cache expired (only where `refresh` is asked for, i.e. at
 * /authorize — the token endpoint trusts the document the user consented to).
 */
export class ClientResolver {
  constructor(
    private readonly db: Db,
    private readonly allowPrivateNetwork: boolean,
  ) {}

  async resolve(clientId: string, { refresh }: { refresh: boolean }): Promise<OAuthClientRow> {
    if (!clientId) throw new InvalidClient('client_id is required.');
    const row = await findClient(this.db, clientId);
    if (!isMetadataDocumentUrl(clientId, this.allowPrivateNetwork)) {
      if (!row || row.is_cimd) throw new InvalidClient('Unknown client_id. Register the client first.');
      return row;
    }
    if (row && (!refresh || (row.cimd_expires_at && row.cimd_expires_at.getTime() > Date.now()))) return row;
    if (!refresh) throw new InvalidClient('Unknown client_id.');
    return await this.fetch(clientId);
  }

  private async fetch(clientId: string): Promise<OAuthClientRow> {
    const { document, maxAgeSeconds } = await fetchMetadataDocument(clientId, this.allowPrivateNetwork);
    let metadata: ReturnType<typeof validateClientMetadata>;
    try {
      if ((document as { client_id?: unknown })?.client_id !== clientId)
        throw new InvalidClientMetadata('its client_id must equal the URL it is served from');
      for (const secretField of ['client_secret', 'client_secret_expires_at'])
        if (secretField in (document as object))
          throw new InvalidClientMetadata(`it must not contain ${secretField}`);
      metadata = validateClientMetadata(document, { cimd: true });
    } catch (err) {
      if (err instanceof OAuthError)
        throw new InvalidClient(`Client metadata document is invalid: ${err.description}`);
      throw err;
    }
    return await upsertMetadataDocumentClient(this.db, {
      client_id: clientId,
      secret_hash: null,
      name: metadata.client_name,
      logo_uri: metadata.logo_uri,
      client_uri: metadata.client_uri,
      redirect_uris: metadata.redirect_uris,
      grant_types: metadata.grant_types,
      token_endpoint_auth_method: 'none',
      scope: metadata.scope,
      software_id: metadata.software_id,
      software_version: metadata.software_version,
      registration_access_token_hash: null,
      is_cimd: true,
      cimd_expires_at: new Date(Date.now() + maxAgeSeconds * 1000),
      registration_ip: null,
    });
  }
}
