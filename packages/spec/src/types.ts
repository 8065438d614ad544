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

export interface ServerSpec {
  name: string;
  slug: string;
  description: string;
  instructions?: string;
  secrets: SecretSpec[];
  /** Hosts code tools may reach with `ctx.fetch` (http tools may reach their URL's host). */
  allowedHosts?: string[];
  tools: ToolSpec[];
  resources?: ResourceSpec[];
  prompts?: PromptSpec[];
}
