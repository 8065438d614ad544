import type { UpstreamPreset } from '@bmm/spec';

/**
 * How to learn who signed in: from a JSON document fetched with the access token (`url`), from the
 * token response itself (`token`), or from the standard OIDC sources (`oidc`: the ID Token's `sub`,
 * then the userinfo endpoint). Paths are dotted (`owner.user.id`); the first label path with a
 * value wins.
 */
export type AccountSource =
  | {
      from: 'url';
      url: string;
      method?: 'GET' | 'POST';
      body?: unknown;
      idPaths: string[];
      labelPaths: string[];
    }
  | { from: 'token'; idPaths: string[]; labelPaths: string[] }
  | { from: 'oidc' };

/** Deviations of a provider from RFC 6749 that the client has to smooth over. */
export interface PresetQuirks {
  /** The token endpoint answers form-encoded unless asked for JSON (GitHub). */
  acceptJson?: boolean;
  /** Errors come back with status 200 and `{ error }` (GitHub) or `{ ok: false, error }` (Slack). */
  errorsWith200?: boolean;
  /** The token response may lack `token_type`; the token is a bearer token (GitHub, Notion). */
  defaultTokenType?: 'bearer';
  /** The user's token lives under `authed_user` (Slack's oauth.v2.access). */
  slackAuthedUser?: boolean;
  /** Token and revocation requests take a JSON body instead of a form (Notion). */
  jsonBody?: boolean;
  /** The `scope` of the response is comma-separated (GitHub). */
  commaScopesInResponse?: boolean;
  /** The authorization request names the scopes in this parameter instead of `scope` (Slack: `user_scope`). */
  scopeParam?: string;
  /** Drop an ID Token from token responses: its `iss` is per tenant, not the preset's issuer (Microsoft `common`). */
  ignoreIdToken?: boolean;
}

export interface PresetDefinition {
  /** Shown in the presets table of the docs. */
  label: string;
  /** For discovery-free providers this is informative; OIDC ID Tokens are checked against it. */
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** RFC 7009 revocation; absent when the provider has none (disconnect then only deletes our copy). */
  revocationUrl?: string;
  /** How scopes are joined in the authorization request. */
  scopeSeparator: ' ' | ',';
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  authorizeParams: Record<string, string>;
  account: AccountSource;
  quirks: PresetQuirks;
  /** Where to create the OAuth app (docs). */
  appSettingsUrl: string;
}

/**
 * Every preset as data. Endpoints are the providers' documented ones; `authorizeParams` are what
 * each needs to hand out refresh tokens or user-level tokens.
 */
export const PRESETS: Record<UpstreamPreset, PresetDefinition> = {
  github: {
    label: 'GitHub',
    issuer: 'https://github.com/login/oauth',
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    // GitHub's grant deletion (DELETE /applications/{client_id}/grant) is not RFC 7009.
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
    authorizeParams: {},
    account: {
      from: 'url',
      url: 'https://api.github.com/user',
      idPaths: ['id'],
      labelPaths: ['login', 'email'],
    },
    quirks: {
      acceptJson: true,
      errorsWith200: true,
      defaultTokenType: 'bearer',
      commaScopesInResponse: true,
    },
    appSettingsUrl: 'https://github.com/settings/developers',
  },
  google: {
    label: 'Google',
    issuer: 'https://accounts.google.com',
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revocationUrl: 'https://oauth2.googleapis.com/revoke',
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
    authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    account: {
      from: 'url',
      url: 'https://openidconnect.googleapis.com/v1/userinfo',
      idPaths: ['sub'],
      labelPaths: ['email', 'name'],
    },
    quirks: {},
    appSettingsUrl: 'https://console.cloud.google.com/apis/credentials',
  },
  slack: {
    label: 'Slack',
    issuer: 'https://slack.com',
    authorizationUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    revocationUrl: 'https://slack.com/api/auth.revoke',
    scopeSeparator: ',',
    tokenEndpointAuthMethod: 'client_secret_post',
    authorizeParams: {},
    account: { from: 'token', idPaths: ['authed_user.id'], labelPaths: ['team.name'] },
    quirks: {
      errorsWith200: true,
      slackAuthedUser: true,
      defaultTokenType: 'bearer',
      scopeParam: 'user_scope',
    },
    appSettingsUrl: 'https://api.slack.com/apps',
  },
  notion: {
    label: 'Notion',
    issuer: 'https://api.notion.com',
    authorizationUrl: 'https://api.notion.com/v1/oauth/authorize',
    tokenUrl: 'https://api.notion.com/v1/oauth/token',
    revocationUrl: 'https://api.notion.com/v1/oauth/revoke',
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_basic',
    authorizeParams: { owner: 'user' },
    account: {
      from: 'token',
      idPaths: ['owner.user.id'],
      labelPaths: ['owner.user.person.email', 'owner.user.name', 'workspace_name'],
    },
    quirks: { jsonBody: true, defaultTokenType: 'bearer' },
    appSettingsUrl: 'https://www.notion.so/profile/integrations',
  },
  linear: {
    label: 'Linear',
    issuer: 'https://linear.app',
    authorizationUrl: 'https://linear.app/oauth/authorize',
    tokenUrl: 'https://api.linear.app/oauth/token',
    revocationUrl: 'https://api.linear.app/oauth/revoke',
    scopeSeparator: ',',
    tokenEndpointAuthMethod: 'client_secret_post',
    authorizeParams: { prompt: 'consent' },
    account: {
      from: 'url',
      url: 'https://api.linear.app/graphql',
      method: 'POST',
      body: { query: '{ viewer { id email name } }' },
      idPaths: ['data.viewer.id'],
      labelPaths: ['data.viewer.email', 'data.viewer.name'],
    },
    quirks: {},
    appSettingsUrl: 'https://linear.app/settings/api/applications/new',
  },
  atlassian: {
    label: 'Atlassian',
    issuer: 'https://auth.atlassian.com',
    authorizationUrl: 'https://auth.atlassian.com/authorize',
    tokenUrl: 'https://auth.atlassian.com/oauth/token',
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
    authorizeParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    account: {
      from: 'url',
      url: 'https://api.atlassian.com/me',
      idPaths: ['account_id'],
      labelPaths: ['email', 'name'],
    },
    quirks: {},
    appSettingsUrl: 'https://developer.atlassian.com/console/myapps/',
  },
  microsoft: {
    label: 'Microsoft',
    issuer: 'https://login.microsoftonline.com/common/v2.0',
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
    authorizeParams: {},
    account: {
      from: 'url',
      url: 'https://graph.microsoft.com/v1.0/me',
      idPaths: ['id'],
      labelPaths: ['userPrincipalName', 'mail', 'displayName'],
    },
    quirks: { ignoreIdToken: true },
    appSettingsUrl: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps',
  },
  gitlab: {
    label: 'GitLab',
    issuer: 'https://gitlab.com',
    authorizationUrl: 'https://gitlab.com/oauth/authorize',
    tokenUrl: 'https://gitlab.com/oauth/token',
    revocationUrl: 'https://gitlab.com/oauth/revoke',
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
    authorizeParams: {},
    account: {
      from: 'url',
      url: 'https://gitlab.com/api/v4/user',
      idPaths: ['id'],
      labelPaths: ['username', 'email'],
    },
    quirks: {},
    appSettingsUrl: 'https://gitlab.com/-/user_settings/applications',
  },
};

/** A value at a dotted path of a JSON document, as text (numbers too: GitHub ids are numbers). */
export function pick(doc: unknown, path: string): string | undefined {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string' && value.length > 0) return value.slice(0, 200);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
