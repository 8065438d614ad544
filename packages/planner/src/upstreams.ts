import type { SecretSpec, ServerSpec, UpstreamPreset, UpstreamSpec } from '@bmm/spec';

/**
 * What the planner puts in a draft for a provider it knows: the upstream sign-in block, the two
 * credentials secrets of the OAuth app, and (where the provider has one) the personal-token
 * alternative a person can switch to in the wizard.
 *
 * The credentials secrets are declared but not required: the operator may have configured a
 * platform-wide app for the preset (`UPSTREAM_<PRESET>_CLIENT_ID/SECRET`), used when the server
 * brings none. A server without either cannot sign anyone in; its server page says so.
 */
export interface PersonalTokenOption {
  upstreamId: string;
  /** The secret that replaces the per-user sign-in (everyone then acts as its owner). */
  secret: SecretSpec;
  /**
   * The `Authorization` value with the secret, when the provider wants something else than
   * `Bearer {{secrets.NAME}}` (Linear's personal keys go bare).
   */
  authorization?: string;
}

interface PresetDraft {
  name: string;
  /** Where a person registers the OAuth app (shown in the credentials' howToObtain). */
  appConsole: string;
  personalToken?: Omit<PersonalTokenOption, 'upstreamId'>;
}

const PRESET_DRAFTS: Partial<Record<UpstreamPreset, PresetDraft>> = {
  github: {
    name: 'GitHub',
    appConsole: 'GitHub → Settings → Developer settings → OAuth Apps → New OAuth App',
    personalToken: {
      secret: {
        name: 'GITHUB_TOKEN',
        description: 'A GitHub token with access to the repositories (Issues: read and write).',
        required: true,
        howToObtain:
          'GitHub → Settings → Developer settings → Fine-grained tokens → Generate, with Issues read/write.',
      },
    },
  },
  google: {
    name: 'Google',
    appConsole:
      'Google Cloud console → APIs & Services → Credentials → Create OAuth client ID (Web application)',
  },
  slack: {
    name: 'Slack',
    appConsole: 'api.slack.com/apps → Create New App → OAuth & Permissions',
    personalToken: {
      secret: {
        name: 'SLACK_TOKEN',
        description: 'A Slack user token (xoxp-…) of an app installed in your workspace.',
        required: true,
        howToObtain: 'api.slack.com/apps → your app → OAuth & Permissions → User OAuth Token.',
      },
    },
  },
  notion: {
    name: 'Notion',
    appConsole: 'notion.so/my-integrations → New integration → type Public → OAuth domain & URIs',
    personalToken: {
      secret: {
        name: 'NOTION_TOKEN',
        description: 'Internal integration secret of a Notion integration (starts with ntn_ or secret_).',
        required: true,
        howToObtain:
          'notion.so/my-integrations → New integration → copy the secret, then share pages with it.',
      },
    },
  },
  linear: {
    name: 'Linear',
    appConsole: 'Linear → Settings → API → OAuth applications → New',
    personalToken: {
      secret: {
        name: 'LINEAR_API_KEY',
        description: 'A Linear personal API key (lin_api_…).',
        required: true,
        howToObtain: 'Linear → Settings → Security & access → Personal API keys → New key.',
      },
      authorization: '{{secrets.LINEAR_API_KEY}}',
    },
  },
  atlassian: {
    name: 'Atlassian',
    appConsole: 'developer.atlassian.com → Developer console → Create → OAuth 2.0 integration',
  },
  microsoft: {
    name: 'Microsoft',
    appConsole: 'Microsoft Entra admin center → App registrations → New registration (Web)',
  },
  gitlab: {
    name: 'GitLab',
    appConsole: 'GitLab → Preferences → Applications → Add new application',
    personalToken: {
      secret: {
        name: 'GITLAB_TOKEN',
        description: 'A GitLab personal access token (glpat-…) with the api scope.',
        required: true,
        howToObtain: 'GitLab → Preferences → Access tokens → Add new token.',
      },
    },
  },
};

/** `GITHUB` for `github`: the prefix of the credentials secrets. */
function secretPrefix(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The upstream block and its credentials secrets for a known provider. */
export function presetUpstream(
  preset: UpstreamPreset,
  scopes: string[],
  id: string = preset,
): { upstream: UpstreamSpec; secrets: SecretSpec[] } {
  return signInUpstream({ id, preset, scopes });
}

/**
 * An upstream and its credentials secrets. With a preset the secrets are optional (a platform app
 * may stand in); without one the server must bring its own app, so they are required.
 */
export function signInUpstream(options: {
  id: string;
  scopes: string[];
  preset?: UpstreamPreset;
  name?: string;
}): { upstream: UpstreamSpec; secrets: SecretSpec[] } {
  const { id, preset, scopes } = options;
  const draft = preset ? PRESET_DRAFTS[preset] : undefined;
  const name = options.name ?? draft?.name ?? preset ?? id;
  const prefix = secretPrefix(id);
  const where = draft?.appConsole ?? `the ${name} developer console`;
  const platform = preset ? ' Leave empty if the platform provides one.' : '';
  const upstream: UpstreamSpec = {
    id,
    name,
    ...(preset ? { preset } : {}),
    scopes,
    clientIdSecret: `${prefix}_CLIENT_ID`,
    clientSecretSecret: `${prefix}_CLIENT_SECRET`,
  };
  const secrets: SecretSpec[] = [
    {
      name: upstream.clientIdSecret,
      description: `Client ID of your ${name} OAuth app.${platform}`,
      required: !preset,
      howToObtain: `${where}; register the redirect URI shown on the server page.`,
    },
    {
      name: upstream.clientSecretSecret!,
      description: `Client secret of your ${name} OAuth app.${platform}`,
      required: !preset,
      howToObtain: `${where}; generate a client secret.`,
    },
  ];
  return { upstream, secrets };
}

/** The personal-token alternatives of a spec's preset upstreams (none for providers without one). */
export function personalTokenOptions(spec: Pick<ServerSpec, 'upstreams'>): PersonalTokenOption[] {
  const out: PersonalTokenOption[] = [];
  for (const upstream of spec.upstreams ?? []) {
    const personal = upstream.preset ? PRESET_DRAFTS[upstream.preset]?.personalToken : undefined;
    if (!personal) continue;
    out.push({
      upstreamId: upstream.id,
      secret: { ...personal.secret },
      ...(personal.authorization ? { authorization: personal.authorization } : {}),
    });
  }
  return out;
}

/** The `{{upstream.<id>.accessToken}}` placeholder of an upstream. */
export function upstreamTokenRef(id: string): string {
  return `{{upstream.${id}.accessToken}}`;
}

/** One sentence per upstream for the wizard's notes. */
export function upstreamNotes(spec: Pick<ServerSpec, 'upstreams'>): string[] {
  return (spec.upstreams ?? []).map((u) => {
    const scopes = u.scopes.length ? ` (${u.scopes.join(', ')})` : '';
    const creds = [u.clientIdSecret, u.clientSecretSecret].filter(Boolean).join(' and ');
    return `Each person who connects signs in to ${u.name}${scopes}; tools act as them. Register an OAuth app and set ${creds}, unless the platform provides a ${u.name} app.`;
  });
}
