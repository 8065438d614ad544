/**
 * The upstream presets as the docs show them. The source of truth is `PRESETS` in
 * packages/upstream (endpoints, quirks); `upstream-presets.test.ts` fails when this table and it
 * drift apart. The web does not import that package at run time: it carries the OAuth client,
 * the database and the vault, none of which belongs in the web image.
 */
export interface PresetRow {
  preset: string;
  label: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** RFC 7009 revocation endpoint; absent: disconnecting deletes our copy only. */
  revocationUrl?: string;
  scopeSeparator: ' ' | ',';
  /** Where the OAuth app is created. */
  appSettingsUrl: string;
  /** What the platform smooths over (shown in the table). */
  notes: string;
}

export const UPSTREAM_PRESET_ROWS: PresetRow[] = [
  {
    preset: 'github',
    label: 'GitHub',
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    scopeSeparator: ' ',
    appSettingsUrl: 'https://github.com/settings/developers',
    notes:
      'Token response asked for as JSON; errors arrive with status 200; comma-separated granted scopes. No RFC 7009 revocation.',
  },
  {
    preset: 'google',
    label: 'Google',
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revocationUrl: 'https://oauth2.googleapis.com/revoke',
    scopeSeparator: ' ',
    appSettingsUrl: 'https://console.cloud.google.com/apis/credentials',
    notes: 'access_type=offline and prompt=consent so a refresh token is issued; incremental scopes.',
  },
  {
    preset: 'slack',
    label: 'Slack',
    authorizationUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    revocationUrl: 'https://slack.com/api/auth.revoke',
    scopeSeparator: ',',
    appSettingsUrl: 'https://api.slack.com/apps',
    notes: 'User tokens: scopes go in user_scope and the token comes from authed_user; errors as ok:false.',
  },
  {
    preset: 'notion',
    label: 'Notion',
    authorizationUrl: 'https://api.notion.com/v1/oauth/authorize',
    tokenUrl: 'https://api.notion.com/v1/oauth/token',
    revocationUrl: 'https://api.notion.com/v1/oauth/revoke',
    scopeSeparator: ' ',
    appSettingsUrl: 'https://www.notion.so/profile/integrations',
    notes: 'No scopes: the person picks the pages to share. JSON token requests, owner=user.',
  },
  {
    preset: 'linear',
    label: 'Linear',
    authorizationUrl: 'https://linear.app/oauth/authorize',
    tokenUrl: 'https://api.linear.app/oauth/token',
    revocationUrl: 'https://api.linear.app/oauth/revoke',
    scopeSeparator: ',',
    appSettingsUrl: 'https://linear.app/settings/api/applications/new',
    notes: 'Comma-separated scopes; the account is read from the GraphQL viewer.',
  },
  {
    preset: 'atlassian',
    label: 'Atlassian',
    authorizationUrl: 'https://auth.atlassian.com/authorize',
    tokenUrl: 'https://auth.atlassian.com/oauth/token',
    scopeSeparator: ' ',
    appSettingsUrl: 'https://developer.atlassian.com/console/myapps/',
    notes: 'audience=api.atlassian.com; add offline_access to the scopes for refresh tokens.',
  },
  {
    preset: 'microsoft',
    label: 'Microsoft',
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scopeSeparator: ' ',
    appSettingsUrl: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps',
    notes:
      'Multi-tenant "common" endpoint; the per-tenant ID Token is ignored, the account comes from Graph /me.',
  },
  {
    preset: 'gitlab',
    label: 'GitLab',
    authorizationUrl: 'https://gitlab.com/oauth/authorize',
    tokenUrl: 'https://gitlab.com/oauth/token',
    revocationUrl: 'https://gitlab.com/oauth/revoke',
    scopeSeparator: ' ',
    appSettingsUrl: 'https://gitlab.com/-/user_settings/applications',
    notes: 'gitlab.com; a self-managed GitLab is an upstream with its own issuer instead of the preset.',
  },
];
