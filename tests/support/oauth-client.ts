import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/client';

type Tokens = Awaited<ReturnType<OAuthClientProvider['tokens']>>;
type ClientInfo = Awaited<ReturnType<OAuthClientProvider['clientInformation']>>;

/**
 * An in-memory OAuthClientProvider for tests: the SDK registers (DCR), runs PKCE and calls
 * `redirectToAuthorization`, which only records the URL; the test approves through the
 * authorization server's interaction API and hands the callback to `transport.finishAuth`.
 */
export class TestOAuthProvider implements OAuthClientProvider {
  savedTokens: Tokens;
  savedClient: ClientInfo;
  verifier = '';
  authorizationUrl: URL | null = null;
  /** Kept between the authorization and callback legs, so the SDK can bind the callback to the AS. */
  discovery: OAuthDiscoveryState | undefined;
  tokenHistory: NonNullable<Tokens>[] = [];

  constructor(readonly redirect = 'http://127.0.0.1:9/callback') {}

  get redirectUrl() {
    return this.redirect;
  }
  get clientMetadata() {
    return {
      client_name: 'E2E MCP client',
      redirect_uris: [this.redirect],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() {
    return this.savedClient;
  }
  saveClientInformation(info: NonNullable<ClientInfo>) {
    this.savedClient = info;
  }
  tokens() {
    return this.savedTokens;
  }
  saveTokens(tokens: NonNullable<Tokens>) {
    this.savedTokens = tokens;
    this.tokenHistory.push(tokens);
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
}
