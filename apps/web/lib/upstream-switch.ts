/**
 * The wizard's switch between an upstream sign-in (each person signs in to the provider; tools use
 * `{{upstream.<id>.accessToken}}`) and a personal-token secret (one shared token; tools use
 * `{{secrets.NAME}}`). Pure functions over the draft, so switching back restores the sign-in.
 */

import type { SecretSpec } from '@bmm/spec';
import type { Answer } from './api';

/** A secret the spec declares (the ServerSpec's own type). */
export type SecretLike = SecretSpec;

export interface UpstreamLike {
  id: string;
  name: string;
  preset?: string;
  scopes: string[];
  clientIdSecret: string;
  clientSecretSecret?: string;
  [key: string]: unknown;
}

/**
 * From the planner (`draft.personalTokens` of `POST /v1/servers/preview`): the secret a person may use
 * instead of each user's sign-in, and the whole `Authorization` value when it is not
 * `Bearer {{secrets.NAME}}`.
 */
export type PersonalTokenOption = NonNullable<
  Answer<'/v1/servers/preview', 'post'>['draft']['personalTokens']
>[number];

export interface SpecLike {
  secrets: SecretLike[];
  upstreams?: UpstreamLike[];
  [key: string]: unknown;
}

export type ToolLike = Record<string, any>;

/** What switching to a personal token took out of the draft, to put back when switching back. */
export interface SignInStash {
  option: PersonalTokenOption;
  upstream: UpstreamLike;
  index: number;
  credentials: SecretLike[];
  /** `upstreamScopes[id]` of each tool, by tool name. */
  toolScopes: Record<string, string[]>;
}

const tokenRef = (id: string) => `{{upstream.${id}.accessToken}}`;
const tokenPattern = (id: string) =>
  new RegExp(`\\{\\{\\s*upstream\\.${id.replace(/[-]/g, '\\-')}\\.accessToken\\s*\\}\\}`, 'g');

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}

/** The provider-specific `Authorization` header value replaces the rewritten one. */
function withAuthorization(impl: unknown, authorization: string | undefined): any {
  if (!authorization) return impl;
  const typed = impl as { headers: Record<string, string> };
  return { ...typed, headers: { ...typed.headers, Authorization: authorization } };
}

/** Code tools that read the upstream token themselves cannot be rewritten automatically. */
export function toolsBlockingSwitch(tools: ToolLike[], upstreamId: string): string[] {
  const call = new RegExp(`ctx\\.upstream\\(\\s*['"\`]${upstreamId}['"\`]`);
  return tools
    .filter((t) => t.impl?.kind === 'code' && call.test(String(t.impl.source ?? '')))
    .map((t) => t.name);
}

export function switchToPersonalToken(
  spec: SpecLike,
  tools: ToolLike[],
  option: PersonalTokenOption,
): { spec: SpecLike; tools: ToolLike[]; stash: SignInStash } {
  const upstreams = spec.upstreams ?? [];
  const index = upstreams.findIndex((u) => u.id === option.upstreamId);
  if (index < 0) throw new Error(`The draft has no upstream "${option.upstreamId}".`);
  const upstream = upstreams[index]!;
  const blocking = toolsBlockingSwitch(tools, upstream.id);
  if (blocking.length)
    throw new Error(
      `${blocking.join(', ')} call ctx.upstream('${upstream.id}'); edit them before switching.`,
    );
  const credentialNames = new Set([upstream.clientIdSecret, upstream.clientSecretSecret].filter(Boolean));
  const credentials = spec.secrets.filter((s) => credentialNames.has(s.name));
  const ref = `{{secrets.${option.secret.name}}}`;
  const bearer = `Bearer ${tokenRef(upstream.id)}`;
  const toolScopes: Record<string, string[]> = {};
  const nextTools = tools.map((tool) => {
    const { upstreamScopes, ...rest } = tool;
    const scopes = upstreamScopes?.[upstream.id];
    if (scopes) toolScopes[tool.name] = scopes;
    const others = upstreamScopes
      ? Object.fromEntries(Object.entries(upstreamScopes).filter(([id]) => id !== upstream.id))
      : {};
    const impl = withAuthorization(
      mapStrings(tool.impl, (s) => s.replace(tokenPattern(upstream.id), ref)),
      option.authorization && tool.impl?.headers?.Authorization === bearer ? option.authorization : undefined,
    );
    return { ...rest, ...(Object.keys(others).length ? { upstreamScopes: others } : {}), impl };
  });
  const remaining = upstreams.filter((u) => u.id !== upstream.id);
  const nextSpec: SpecLike = {
    ...spec,
    secrets: [...spec.secrets.filter((s) => !credentialNames.has(s.name)), { ...option.secret }],
  };
  if (remaining.length) nextSpec.upstreams = remaining;
  else delete nextSpec.upstreams;
  return { spec: nextSpec, tools: nextTools, stash: { option, upstream, index, credentials, toolScopes } };
}

export function switchToSignIn(
  spec: SpecLike,
  tools: ToolLike[],
  stash: SignInStash,
): { spec: SpecLike; tools: ToolLike[] } {
  const { option, upstream } = stash;
  const ref = `{{secrets.${option.secret.name}}}`;
  const bearer = `Bearer ${tokenRef(upstream.id)}`;
  const nextTools = tools.map((tool) => {
    const impl = withAuthorization(
      mapStrings(tool.impl, (s) => s.split(ref).join(tokenRef(upstream.id))),
      option.authorization && tool.impl?.headers?.Authorization === option.authorization ? bearer : undefined,
    );
    const scopes = stash.toolScopes[tool.name];
    return scopes
      ? { ...tool, impl, upstreamScopes: { ...(tool.upstreamScopes ?? {}), [upstream.id]: scopes } }
      : { ...tool, impl };
  });
  const upstreams = [...(spec.upstreams ?? [])];
  upstreams.splice(Math.min(stash.index, upstreams.length), 0, upstream);
  const names = new Set(stash.credentials.map((s) => s.name));
  return {
    spec: {
      ...spec,
      upstreams,
      secrets: [
        ...spec.secrets.filter((s) => s.name !== option.secret.name && !names.has(s.name)),
        ...stash.credentials,
      ],
    },
    tools: nextTools,
  };
}
