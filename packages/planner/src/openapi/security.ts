import type { SecretSpec, UpstreamPreset, UpstreamSpec } from '@bmm/spec';
import { secretName } from '../names.js';
import { signInUpstream, upstreamTokenRef } from '../upstreams.js';

/** How one operation authenticates: the secrets it needs and where they go. */
export interface AuthPlan {
  secrets: SecretSpec[];
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Upstream sign-ins the operation needs (OAuth 2.0 authorization code, OpenID Connect). */
  upstreams: UpstreamSpec[];
  /** The scopes the operation's `security` requirement names, by upstream id. */
  upstreamScopes: Record<string, string[]>;
}

/** Authorization endpoints of providers the platform has presets for (their quirks live there). */
const PRESET_HOSTS: Record<string, UpstreamPreset> = {
  'github.com': 'github',
  'accounts.google.com': 'google',
  'slack.com': 'slack',
  'api.notion.com': 'notion',
  'linear.app': 'linear',
  'auth.atlassian.com': 'atlassian',
  'login.microsoftonline.com': 'microsoft',
  'gitlab.com': 'gitlab',
};

function presetFor(url: string): UpstreamPreset | undefined {
  try {
    return PRESET_HOSTS[new URL(url).host];
  } catch {
    return undefined;
  }
}

/** `^[a-z][a-z0-9_-]{0,31}$` from a scheme name (`petstore_auth` → `petstore`). */
function upstreamId(schemeName: string): string {
  let id = schemeName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/[_-]?(oauth2?|auth|openid|oidc)$/, '')
    .replace(/^[^a-z]+|[_-]+$/g, '');
  if (!id) id = 'oauth';
  return id.slice(0, 32);
}

function isHttps(value: unknown): value is string {
  return typeof value === 'string' && /^https:\/\/[^/]/i.test(value);
}

type Requirement = Record<string, string[]>;

/**
 * Security schemes → secrets and request templates. The first alternative of an operation's
 * `security` whose schemes are all known wins; `{}` (anonymous) or no requirement means no auth.
 */
export class SecurityPlanner {
  private readonly schemes: Record<string, Record<string, any>>;
  readonly notes = new Set<string>();

  constructor(private readonly doc: Record<string, any>) {
    this.schemes = (doc.components?.securitySchemes ?? doc.securityDefinitions ?? {}) as Record<
      string,
      Record<string, any>
    >;
  }

  plan(operationSecurity: Requirement[] | undefined): AuthPlan {
    const plan: AuthPlan = { secrets: [], headers: {}, query: {}, upstreams: [], upstreamScopes: {} };
    const requirements = (operationSecurity ?? this.doc.security ?? []) as Requirement[];
    if (!requirements.length || requirements.some((r) => Object.keys(r).length === 0)) return plan;
    const usable = requirements.find((r) => Object.keys(r).every((name) => this.schemes[name]));
    if (!usable) {
      this.notes.add(
        `Security requirement ${Object.keys(requirements[0]!).join(' + ')} names an undefined scheme; those operations are imported without auth.`,
      );
      return plan;
    }
    for (const name of Object.keys(usable)) {
      if (this.signIn(name, this.schemes[name]!, usable[name] ?? [], plan)) continue;
      this.apply(name, this.schemes[name]!, plan);
    }
    return plan;
  }

  /**
   * OAuth 2.0 with an authorization-code flow (OpenAPI 3 `flows.authorizationCode`, Swagger 2.0
   * `flow: accessCode`) or OpenID Connect: each person signs in to the API, and the operation
   * sends their token. Other flows (implicit, password, client credentials) fall back to a
   * bearer-token secret.
   */
  private signIn(schemeName: string, scheme: Record<string, any>, scopes: string[], plan: AuthPlan): boolean {
    const type = String(scheme.type ?? '').toLowerCase();
    const flow =
      type === 'oauth2'
        ? (scheme.flows?.authorizationCode ?? (scheme.flow === 'accessCode' ? scheme : undefined))
        : undefined;
    const discovery =
      type === 'openidconnect' && isHttps(scheme.openIdConnectUrl)
        ? String(scheme.openIdConnectUrl)
        : undefined;
    if (!flow && !discovery) return false;
    if (flow && !(isHttps(flow.authorizationUrl) && isHttps(flow.tokenUrl))) {
      this.notes.add(
        `Scheme "${schemeName}" is OAuth 2.0 with an authorization-code flow but without absolute https authorizationUrl and tokenUrl; it becomes a bearer-token secret instead.`,
      );
      return false;
    }
    const id = upstreamId(schemeName);
    let upstream = this.upstreams.get(id);
    if (!upstream) {
      const preset = flow ? presetFor(flow.authorizationUrl) : undefined;
      const title = String(this.doc.info?.title ?? '').slice(0, 80);
      const made = signInUpstream({ id, scopes: [], preset, ...(preset || !title ? {} : { name: title }) });
      upstream = made.upstream;
      if (!preset && flow) {
        upstream.authorizationUrl = flow.authorizationUrl;
        upstream.tokenUrl = flow.tokenUrl;
      } else if (!preset) {
        upstream.issuer = discovery!.replace(/\/\.well-known\/openid-configuration$/, '');
      }
      this.upstreams.set(id, upstream);
      this.upstreamSecrets.set(id, made.secrets);
      if (flow?.refreshUrl && flow.refreshUrl !== flow.tokenUrl)
        this.notes.add(
          `Scheme "${schemeName}" names a separate refreshUrl (${flow.refreshUrl}); tokens are refreshed at its tokenUrl, as OAuth 2.0 does by default.`,
        );
      this.notes.add(
        `Scheme "${schemeName}" is ${flow ? 'OAuth 2.0 (authorization code)' : 'OpenID Connect'}: each person who connects signs in to ${upstream.name} (upstream "${id}") and the tools send their token. Register an OAuth app there with the redirect URI shown on the server page and set ${upstream.clientIdSecret} and ${upstream.clientSecretSecret}.`,
      );
    }
    plan.upstreams.push(upstream);
    plan.secrets.push(...(this.upstreamSecrets.get(id) ?? []));
    plan.upstreamScopes[id] = [...new Set([...(plan.upstreamScopes[id] ?? []), ...scopes.map(String)])];
    plan.headers.Authorization = `Bearer ${upstreamTokenRef(id)}`;
    return true;
  }

  private readonly upstreams = new Map<string, UpstreamSpec>();
  private readonly upstreamSecrets = new Map<string, SecretSpec[]>();

  private apply(schemeName: string, scheme: Record<string, any>, plan: AuthPlan): void {
    const base = secretName(schemeName);
    const type = String(scheme.type ?? '').toLowerCase();
    if (type === 'apikey') {
      const secret = {
        name: base,
        description: scheme.description
          ? String(scheme.description).slice(0, 500)
          : `API key sent in the ${scheme.in} "${scheme.name}".`,
        required: true,
        howToObtain: 'Create an API key in the provider’s developer settings.',
      };
      plan.secrets.push(secret);
      const ref = `{{secrets.${base}}}`;
      if (scheme.in === 'query') plan.query[scheme.name] = ref;
      else if (scheme.in === 'cookie') plan.headers.Cookie = `${scheme.name}=${ref}`;
      else plan.headers[scheme.name] = ref;
      return;
    }
    if ((type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') || type === 'basic') {
      const nameB = base.endsWith('_BASIC_AUTH') ? base : `${base}_BASIC_AUTH`.slice(0, 64);
      plan.secrets.push({
        name: nameB,
        description: 'HTTP Basic credentials: base64 of "username:password".',
        required: true,
        howToObtain: 'Run: printf "user:password" | base64',
      });
      plan.headers.Authorization = `Basic {{secrets.${nameB}}}`;
      return;
    }
    // http bearer, oauth2 and openIdConnect all end up as a bearer token the user supplies.
    const nameT = base.endsWith('TOKEN') ? base : `${base}_TOKEN`.slice(0, 64);
    const how =
      type === 'oauth2' || type === 'openidconnect'
        ? 'Obtain an OAuth access token for this API (for example a personal access token) and paste it here.'
        : 'Create an API token in the provider’s developer settings.';
    if (type === 'oauth2' || type === 'openidconnect')
      this.notes.add(
        `Scheme "${schemeName}" is ${scheme.type}: the server sends a bearer token you supply as ${nameT}.`,
      );
    plan.secrets.push({
      name: nameT,
      description: scheme.description
        ? String(scheme.description).slice(0, 500)
        : `Bearer token (${schemeName}).`,
      required: true,
      howToObtain: how,
    });
    plan.headers.Authorization = `Bearer {{secrets.${nameT}}}`;
  }
}
