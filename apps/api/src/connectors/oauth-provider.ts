import { randomBytes } from 'node:crypto';
import type { Keyring } from '@bmm/crypto';
import type { Db } from '@bmm/db';
import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { findOAuthCiphertext, updateConnector } from './connectors.repository.js';

/** Everything a connector's OAuth client keeps between requests, sealed as one value. */
export interface ConnectorOAuthData {
  client?: StoredOAuthClientInformation;
  tokens?: StoredOAuthTokens;
  codeVerifier?: string;
  discovery?: OAuthDiscoveryState;
  /**
   * The scope the last authorization request asked for. A sign-in the server demanded mid-call
   * (a 401 challenge naming a scope, a 403 `insufficient_scope` step-up) asks for more than the
   * resource metadata lists; the next `oauth/start` asks for it again.
   */
  scope?: string;
}

export const connectorAad = (connectorId: string, part: 'oauth' | 'headers') =>
  `connector:${connectorId}:${part}`;

export function openOAuthData(
  keyring: Keyring,
  connectorId: string,
  ciphertext: string | null,
): ConnectorOAuthData {
  if (!ciphertext) return {};
  return JSON.parse(
    keyring.decryptString(ciphertext, connectorAad(connectorId, 'oauth')),
  ) as ConnectorOAuthData;
}

export function sealOAuthData(keyring: Keyring, connectorId: string, data: ConnectorOAuthData): string {
  return keyring.encrypt(JSON.stringify(data), connectorAad(connectorId, 'oauth'));
}

export interface ProviderSettings {
  /** `${API_URL}/v1/connectors/oauth/callback` */
  redirectUrl: string;
  /** A public https URL of the platform's Client ID Metadata Document, when API_URL is one. */
  clientMetadataUrl?: string;
  /** The signed state for the authorization request being started (only `oauth/start` sets it). */
  state?: string;
}

export const CLIENT_NAME = 'BuildMyMCPServer connectors';

export function connectorClientMetadata(redirectUrl: string): OAuthClientMetadata {
  return {
    client_name: CLIENT_NAME,
    redirect_uris: [redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
}

/**
 * The MCP SDK's OAuth client, persisted in the connector's row: the SDK's `auth()` registers
 * (CIMD or DCR), runs PKCE with `resource`, checks `iss` and refreshes; this class stores what it
 * hands over, sealed. `redirectToAuthorization` only records the URL: the browser opens it in a popup.
 */
export class ConnectorOAuthProvider implements OAuthClientProvider {
  authorizationUrl: URL | null = null;

  constructor(
    private readonly db: Db,
    private readonly keyring: Keyring,
    private readonly connectorId: string,
    private data: ConnectorOAuthData,
    private readonly settings: ProviderSettings,
  ) {}

  get redirectUrl() {
    return this.settings.redirectUrl;
  }
  get clientMetadataUrl() {
    return this.settings.clientMetadataUrl;
  }
  get clientMetadata() {
    return connectorClientMetadata(this.settings.redirectUrl);
  }
  state() {
    // Outside oauth/start a redirect only means "sign in again": the URL is never used, so its
    // state needs no signature.
    return this.settings.state ?? randomBytes(16).toString('base64url');
  }
  clientInformation() {
    return this.data.client;
  }
  async saveClientInformation(client: StoredOAuthClientInformation) {
    await this.save({ client });
  }
  tokens() {
    return this.data.tokens;
  }
  async saveTokens(tokens: StoredOAuthTokens) {
    await this.save({ tokens, codeVerifier: undefined });
  }
  async redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
    const scope = url.searchParams.get('scope') ?? undefined;
    if (scope !== this.data.scope) await this.save({ scope });
  }

  async saveCodeVerifier(codeVerifier: string) {
    await this.save({ codeVerifier });
  }
  codeVerifier() {
    if (!this.data.codeVerifier) throw new Error('No sign-in is in progress for this connector.');
    return this.data.codeVerifier;
  }
  async saveDiscoveryState(discovery: OAuthDiscoveryState) {
    await this.save({ discovery });
  }
  discoveryState() {
    return this.data.discovery;
  }
  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery') {
    if (scope === 'all') return this.replace({});
    if (scope === 'tokens' && (await this.adoptNewerTokens())) return;
    const key = {
      client: 'client',
      tokens: 'tokens',
      verifier: 'codeVerifier',
      discovery: 'discovery',
    } as const;
    await this.save({ [key[scope]]: undefined });
  }

  /**
   * The remote refused our refresh token because another api instance spent it a moment ago
   * (rotation) and stored the new tokens: take those instead of forgetting every token. Sign-out
   * holds no tokens, so it never adopts.
   */
  private async adoptNewerTokens(): Promise<boolean> {
    const ours = this.data.tokens?.refresh_token;
    if (!ours) return false;
    const stored = openOAuthData(
      this.keyring,
      this.connectorId,
      await findOAuthCiphertext(this.db, this.connectorId),
    ).tokens;
    if (!stored?.refresh_token || stored.refresh_token === ours) return false;
    this.data = { ...this.data, tokens: stored };
    return true;
  }

  get hasTokens(): boolean {
    return Boolean(this.data.tokens?.access_token);
  }

  private async save(changes: Partial<ConnectorOAuthData>) {
    await this.replace({ ...this.data, ...changes });
  }

  private async replace(data: ConnectorOAuthData) {
    this.data = JSON.parse(JSON.stringify(data)) as ConnectorOAuthData;
    await updateConnector(this.db, this.connectorId, {
      oauth_ciphertext: sealOAuthData(this.keyring, this.connectorId, this.data),
    });
  }
}
