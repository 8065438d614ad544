import type { SecretSpec } from '@bmm/spec';
import { secretName } from '../names.js';

/** How one operation authenticates: the secrets it needs and where they go. */
export interface AuthPlan {
  secrets: SecretSpec[];
  headers: Record<string, string>;
  query: Record<string, string>;
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
    const plan: AuthPlan = { secrets: [], headers: {}, query: {} };
    const requirements = (operationSecurity ?? this.doc.security ?? []) as Requirement[];
    if (!requirements.length || requirements.some((r) => Object.keys(r).length === 0)) return plan;
    const usable = requirements.find((r) => Object.keys(r).every((name) => this.schemes[name]));
    if (!usable) {
      this.notes.add(
        `Security requirement ${Object.keys(requirements[0]!).join(' + ')} names an undefined scheme; those operations are imported without auth.`,
      );
      return plan;
    }
    for (const name of Object.keys(usable)) this.apply(name, this.schemes[name]!, plan);
    return plan;
  }

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
