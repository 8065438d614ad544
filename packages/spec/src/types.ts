/** JSON Schema (2020-12) as plain data. */
export type JsonSchema = Record<string, unknown>;

export interface SecretSpec {
  /** Upper-case env-style name, referenced as `{{secrets.NAME}}` or `ctx.secrets.NAME`. */
  name: string;
  description: string;
  required: boolean;
  /** Where a person gets this credential (shown next to its field). */
  howToObtain?: string;
}

export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpImpl {
  kind: 'http';
  method: HttpMethod;
  /** `https://api.example.com/v1/items/{{input.id}}`: path values are URL-encoded. */
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON body; a string that is exactly `{{input.x}}` is replaced by the value itself (any type). */
  body?: unknown;
  response?: {
    /** Dot path into the JSON response (`data.items`) to return instead of the whole body. */
    pick?: string;
    /** Response-size cap in bytes (default 1 MiB, at most 5 MiB). */
    maxBytes?: number;
  };
}

export interface CodeImpl {
  kind: 'code';
  /** An ES module whose default export is `async function (input, ctx)`. */
  source: string;
}

export type ToolImpl = HttpImpl | CodeImpl;

export interface ToolExample {
  input: Record<string, unknown>;
  /** What the build's test step checks; omitted → the call must simply not fail. */
  expect?: { isError?: boolean; contains?: string };
  /** The canned upstream answer for http tools and ctx.fetch during the build's test step. */
  mockResponse?: { status?: number; body?: unknown; headers?: Record<string, string> };
}

export interface ToolSpec {
  name: string;
  title?: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  annotations?: ToolAnnotations;
  /** OAuth scopes a token needs to call this tool; default `["mcp:tools"]`. */
  scopes?: string[];
  impl: ToolImpl;
  examples?: ToolExample[];
  /** Upstream scopes this tool needs beyond the upstream's base `scopes`, by upstream id. */
  upstreamScopes?: Record<string, string[]>;
}

export interface ResourceSpec {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  text: string;
}

export interface PromptSpec {
  name: string;
  title?: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
  /** Message texts may use `{{args.x}}`. */
  messages: { role: 'user' | 'assistant'; text: string }[];
}

/** Providers whose OAuth endpoints and quirks are known (see packages/spec upstream presets). */
export type UpstreamPreset =
  | 'github'
  | 'google'
  | 'slack'
  | 'notion'
  | 'linear'
  | 'atlassian'
  | 'microsoft'
  | 'gitlab';

/**
 * An upstream API the server signs each user in to (the server is an OAuth client of it). Tools
 * reach the user's token as `{{upstream.<id>.accessToken}}` (http) or `await ctx.upstream('<id>')`
 * (code). Endpoints come from the preset, else discovery on `issuer`; explicit URLs override both.
 */
export interface UpstreamSpec {
  /** `^[a-z][a-z0-9_-]{0,31}$`, unique in the spec. */
  id: string;
  /** Shown on the consent page and in Connected accounts. */
  name: string;
  preset?: UpstreamPreset;
  issuer?: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  revocationUrl?: string;
  userinfoUrl?: string;
  /** Asked for at first connect. */
  scopes: string[];
  /** Name of the server secret holding the OAuth app's client id. */
  clientIdSecret: string;
  /** Name of the server secret holding the OAuth app's client secret (none for public clients). */
  clientSecretSecret?: string;
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | 'none';
  /** PKCE S256; default true. */
  pkce?: boolean;
  /** Extra authorization-request parameters, e.g. `{ access_type: 'offline', prompt: 'consent' }`. */
  authorizeParams?: Record<string, string>;
}

export interface ServerSpec {
  name: string;
  slug: string;
  description: string;
  instructions?: string;
  secrets: SecretSpec[];
  /** Hosts code tools may reach with `ctx.fetch` (http tools may reach their URL's host). */
  allowedHosts?: string[];
  tools: ToolSpec[];
  /** Upstream APIs each user signs in to (per-user tokens in the vault). */
  upstreams?: UpstreamSpec[];
  resources?: ResourceSpec[];
  prompts?: PromptSpec[];
}

/**
 * The calling user's own upstream token as a tool sees it: what `ctx.upstream(id)` returns and
 * `{{upstream.<id>.…}}` renders (the vault in @bmm/upstream produces it, the sandbox hands it on).
 */
export interface UpstreamCredential {
  accessToken: string;
  tokenType: string;
  expiresAt: string | null;
  scopes: string[];
  account: { id: string | null; label: string | null } | null;
}
