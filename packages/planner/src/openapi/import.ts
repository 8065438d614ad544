import {
  createSchemaValidator,
  formatIssues,
  type HttpMethod,
  type JsonSchema,
  type SecretSpec,
  type ServerSpec,
  type ToolExample,
  type ToolSpec,
  type UpstreamSpec,
  validateSpec,
} from '@bmm/spec';
import { stem } from '../coverage.js';
import { NameRegistry, propertyName, toolName } from '../names.js';
import { type Draft, type DraftRequest, PlannerError } from '../types.js';
import { personalTokenOptions } from '../upstreams.js';
import { type OpenApiVersion, parseOpenApi } from './parse.js';
import { sampleValue, toJsonSchema } from './schema.js';
import { SecurityPlanner } from './security.js';

export const DEFAULT_MAX_TOOLS = 30;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization', 'content-length', 'user-agent']);
const ajv = createSchemaValidator();

interface Operation {
  method: (typeof METHODS)[number];
  path: string;
  op: Record<string, any>;
  pathItem: Record<string, any>;
}

/** OpenAPI 3.0/3.1 or Swagger 2.0 → a draft of `http` tools, one per kept operation. */
export async function importOpenApi(request: DraftRequest): Promise<Draft> {
  const { version, doc, externalRefs } = await parseOpenApi(request.openapi ?? '');
  const notes: string[] = [];
  const title = String(doc.info?.title ?? 'the API');
  if (externalRefs.length)
    notes.push(
      `${externalRefs.length} external $ref(s) were not fetched (${externalRefs.slice(0, 3).join(', ')}); those parts are left open.`,
    );
  const all = collectOperations(doc, notes);
  if (!all.length) throw new PlannerError('invalid_openapi', `${title} has no operations under "paths".`);
  const selected = focusOperations(filterOperations(all, request.filter, notes), request.focus, notes);
  const kept = capOperations(selected, request.filter?.maxTools, notes);
  const built = buildTools(doc, version, kept, request.baseUrl, notes);
  if (!built.tools.length)
    throw new PlannerError(
      'invalid_openapi',
      `No operation of ${title} could become a tool. ${notes.join(' ')}`,
    );

  let spec: ServerSpec = {
    name: request.name,
    slug: request.slug,
    description: String(doc.info?.description ?? doc.info?.title ?? `Tools for ${title}`).slice(0, 2000),
    secrets: built.secrets.slice(0, 20),
    tools: built.tools,
    ...(built.upstreams.length ? { upstreams: built.upstreams } : {}),
  };
  spec = dropInvalidTools(spec, notes);
  spec = splitUpstreamScopes(spec);
  notes.unshift(
    `Imported ${spec.tools.length} tool(s) from ${title} (${version === '2.0' ? 'Swagger 2.0' : `OpenAPI ${version}`}), base URL ${built.baseUrls.join(', ')}.`,
  );
  if (spec.secrets.length)
    notes.push(
      `Secrets needed: ${spec.secrets.map((s) => s.name).join(', ')} (from the document's security schemes).`,
    );
  const personalTokens = personalTokenOptions(spec);
  return { spec, source: 'openapi', notes, ...(personalTokens.length ? { personalTokens } : {}) };
}

/** Every GET/POST/PUT/PATCH/DELETE operation under `paths`; HEAD/OPTIONS/TRACE are noted and skipped. */
function collectOperations(doc: Record<string, any>, notes: string[]): Operation[] {
  const all: Operation[] = [];
  const skippedMethods: string[] = [];
  for (const [path, pathItem] of Object.entries((doc.paths ?? {}) as Record<string, any>)) {
    if (!pathItem || typeof pathItem !== 'object') continue;
    for (const method of METHODS)
      if (pathItem[method]) all.push({ method, path, op: pathItem[method], pathItem });
    for (const m of ['head', 'options', 'trace'])
      if (pathItem[m]) skippedMethods.push(`${m.toUpperCase()} ${path}`);
  }
  if (skippedMethods.length)
    notes.push(
      `Skipped ${skippedMethods.length} HEAD/OPTIONS/TRACE operation(s): MCP tools use GET, POST, PUT, PATCH and DELETE.`,
    );
  return all;
}

/** The first `maxTools` (default 30, at most 100) operations; the rest are named in a note. */
function capOperations(selected: Operation[], requested: number | undefined, notes: string[]): Operation[] {
  const maxTools = Math.min(Math.max(1, requested ?? DEFAULT_MAX_TOOLS), 100);
  const kept = selected.slice(0, maxTools);
  if (selected.length > kept.length) {
    const rest = selected
      .slice(maxTools)
      .map((o) => o.op.operationId ?? `${o.method.toUpperCase()} ${o.path}`);
    notes.push(
      `Kept the first ${maxTools} of ${selected.length} operations (tool cap); skipped ${rest.length}: ${rest.slice(0, 10).join(', ')}${rest.length > 10 ? ', …' : ''}. Filter by tag or operation to choose others.`,
    );
  }
  return kept;
}

/** One tool per kept operation, with the secrets and upstreams their security schemes need. */
function buildTools(
  doc: Record<string, any>,
  version: OpenApiVersion,
  kept: Operation[],
  baseUrlOverride: string | undefined,
  notes: string[],
) {
  const security = new SecurityPlanner(doc);
  const names = new NameRegistry();
  const secrets = new Map<string, SecretSpec>();
  const upstreams = new Map<string, UpstreamSpec>();
  const tools: ToolSpec[] = [];
  const baseUrls = new Set<string>();
  for (const operation of kept) {
    const baseUrl = resolveBaseUrl(doc, version, operation, baseUrlOverride);
    baseUrls.add(baseUrl);
    const result = operationTool(operation, version, baseUrl, security, names);
    if ('skip' in result) {
      notes.push(result.skip);
      continue;
    }
    for (const s of result.secrets) if (!secrets.has(s.name)) secrets.set(s.name, s);
    for (const u of result.upstreams) upstreams.set(u.id, u);
    tools.push(result.tool);
  }
  notes.push(...security.notes);
  return {
    tools,
    secrets: [...secrets.values()],
    upstreams: [...upstreams.values()],
    baseUrls: [...baseUrls],
  };
}

function filterOperations(all: Operation[], filter: DraftRequest['filter'], notes: string[]): Operation[] {
  let ops = all;
  if (filter?.tags?.length) {
    const tags = new Set(filter.tags.map((t) => t.toLowerCase()));
    ops = ops.filter((o) => (o.op.tags ?? []).some((t: string) => tags.has(String(t).toLowerCase())));
    notes.push(`Tag filter ${filter.tags.join(', ')}: ${ops.length} of ${all.length} operations match.`);
  }
  if (filter?.operations?.length) {
    const wanted = new Set(filter.operations.map((o) => o.toLowerCase()));
    ops = ops.filter(
      (o) =>
        wanted.has(String(o.op.operationId ?? '').toLowerCase()) ||
        wanted.has(`${o.method} ${o.path}`.toLowerCase()) ||
        wanted.has(toolName(o.op.operationId ?? `${o.method}_${o.path}`).toLowerCase()),
    );
    notes.push(`Operation filter: ${ops.length} of the requested ${filter.operations.length} found.`);
  }
  if (!ops.length)
    throw new PlannerError('invalid_openapi', 'No operation matches the tag/operation filter.');
  return ops;
}

/** Words in a focus text that say nothing about which operations to keep. */
const FOCUS_NOISE = new Set(
  (
    'a an the and or of to for on in with by about from my our your their its only just mostly ' +
    'focus tool tools operation operations endpoint endpoints api apis call calls thing things ' +
    'want need like please use using some all any every that which this these those it is are be can'
  ).split(' '),
);

function focusWords(text: string): string[] {
  return [
    ...new Set(
      text
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 1 && !FOCUS_NOISE.has(w))
        .map(stem),
    ),
  ];
}

/**
 * The person's focus text, honoured: keep the operations whose operationId, path, summary or tags
 * mention one of its words. When none does, it is ignored out loud (a note) rather than silently.
 */
function focusOperations(ops: Operation[], focus: string | undefined, notes: string[]): Operation[] {
  const text = focus?.trim();
  if (!text) return ops;
  const wanted = focusWords(text);
  if (!wanted.length) {
    notes.push(
      `The focus “${text}” names nothing to filter by, so it was ignored: all operations were considered.`,
    );
    return ops;
  }
  const kept = ops.filter((o) => {
    const haystack = new Set(
      focusWords(
        [o.op.operationId, o.path, o.op.summary, ...((o.op.tags ?? []) as unknown[])]
          .filter((v) => typeof v === 'string')
          .join(' '),
      ),
    );
    return wanted.some((w) => haystack.has(w));
  });
  if (!kept.length) {
    notes.push(
      `No operation mentions anything in the focus “${text}”, so it was ignored: all ${ops.length} operations were considered.`,
    );
    return ops;
  }
  notes.push(`Focus “${text}”: kept the ${kept.length} of ${ops.length} operations that mention it.`);
  return kept;
}

function resolveBaseUrl(
  doc: Record<string, any>,
  version: OpenApiVersion,
  o: Operation,
  override?: string,
): string {
  if (override) return override.replace(/\/+$/, '');
  if (version === '2.0') {
    if (!doc.host)
      throw new PlannerError(
        'invalid_openapi',
        'The Swagger document has no "host"; give a base URL to import it.',
      );
    const schemes: string[] = doc.schemes ?? ['https'];
    const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
    return `${scheme}://${doc.host}${String(doc.basePath ?? '').replace(/\/+$/, '')}`;
  }
  const servers: any[] = o.op.servers ?? o.pathItem.servers ?? doc.servers ?? [];
  for (const server of servers) {
    let url = String(server?.url ?? '');
    for (const [name, v] of Object.entries((server?.variables ?? {}) as Record<string, any>))
      url = url.replaceAll(`{${name}}`, String(v?.default ?? ''));
    if (/^https?:\/\/[^/{}]+/i.test(url) && !url.includes('{')) return url.replace(/\/+$/, '');
  }
  throw new PlannerError(
    'invalid_openapi',
    'The document names no absolute server URL (servers[].url is missing or relative); give a base URL to import it.',
  );
}

type ToolResult = { tool: ToolSpec; secrets: SecretSpec[]; upstreams: UpstreamSpec[] } | { skip: string };

/** A tool's input schema and where each property goes in the request (path, query, header, body). */
interface OperationInputs {
  properties: Record<string, JsonSchema>;
  required: string[];
  query: Record<string, string>;
  headers: Record<string, string>;
  pathProps: Map<string, string>;
  body: unknown;
}

function operationInputs(
  { path, op, pathItem }: Operation,
  version: OpenApiVersion,
  label: string,
): OperationInputs | { skip: string } {
  const inputs: OperationInputs = {
    properties: {},
    required: [],
    query: {},
    headers: {},
    pathProps: new Map(),
    body: undefined,
  };
  const { properties, required, pathProps } = inputs;

  const params = new Map<string, Record<string, any>>();
  for (const p of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])])
    if (p?.name && p.in) params.set(`${p.in}:${p.name}`, p);

  const takeProp = (raw: string, where: string) => {
    let prop = propertyName(raw);
    if (properties[prop]) prop = propertyName(`${where}_${raw}`);
    return prop;
  };

  for (const p of params.values()) {
    if (p.in === 'cookie') return { skip: `Skipped ${label}: it needs a cookie parameter "${p.name}".` };
    if (p.in === 'formData')
      return { skip: `Skipped ${label}: it needs a form body (only JSON bodies are supported).` };
    if (p.in === 'header' && IGNORED_HEADERS.has(String(p.name).toLowerCase())) continue;
    if (p.in === 'body') {
      const prop = takeProp('body', 'request');
      properties[prop] = withDescription(toJsonSchema(p.schema ?? {}, version), p.description);
      if (p.required) required.push(prop);
      inputs.body = `{{input.${prop}}}`;
      continue;
    }
    const prop = takeProp(p.name, p.in);
    properties[prop] = parameterSchema(p, version);
    if (p.required || p.in === 'path') required.push(prop);
    if (p.in === 'path') pathProps.set(p.name, prop);
    else if (p.in === 'query') inputs.query[p.name] = `{{input.${prop}}}`;
    else if (p.in === 'header') inputs.headers[p.name] = `{{input.${prop}}}`;
  }

  if (version !== '2.0' && op.requestBody) {
    const content = op.requestBody.content ?? {};
    const schema = firstJsonSchema(content);
    if (schema === undefined && Object.keys(content).length)
      return {
        skip: `Skipped ${label}: its body is ${Object.keys(content).join('/')} (only JSON bodies are supported).`,
      };
    const prop = takeProp('body', 'request');
    properties[prop] = withDescription(toJsonSchema(schema ?? {}, version), op.requestBody.description);
    if (op.requestBody.required) required.push(prop);
    inputs.body = `{{input.${prop}}}`;
  }

  const missing = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((n) => !pathProps.has(n));
  for (const name of missing) {
    const prop = takeProp(name, 'path');
    properties[prop] = { type: 'string', description: `Path parameter ${name}.` };
    required.push(prop);
    pathProps.set(name, prop);
  }
  return inputs;
}

/** A path, query or header parameter's JSON Schema (OpenAPI 2 keeps it on the parameter itself). */
function parameterSchema(p: Record<string, any>, version: OpenApiVersion): JsonSchema {
  const raw =
    version === '2.0'
      ? Object.fromEntries(
          Object.entries(p).filter(
            ([k]) => !['name', 'in', 'required', 'description', 'allowEmptyValue'].includes(k),
          ),
        )
      : (p.schema ?? firstJsonSchema(p.content) ?? { type: 'string' });
  const schema = withDescription(toJsonSchema(raw, version), p.description);
  if (p.in === 'path' && (!schema.type || schema.type === 'object' || schema.type === 'array'))
    schema.type ??= 'string';
  return schema;
}

function operationTool(
  operation: Operation,
  version: OpenApiVersion,
  baseUrl: string,
  security: SecurityPlanner,
  names: NameRegistry,
): ToolResult {
  const { method, path, op } = operation;
  const label = op.operationId ?? `${method.toUpperCase()} ${path}`;
  const inputs = operationInputs(operation, version, label);
  if ('skip' in inputs) return inputs;
  const { properties, required, query, headers, pathProps, body } = inputs;
  const url = `${baseUrl}${path.replace(/\{([^}]+)\}/g, (_m, n: string) => `{{input.${pathProps.get(n)}}}`)}`;

  const auth = security.plan(op.security);
  const inputSchema: JsonSchema = {
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
  const summary = typeof op.summary === 'string' ? op.summary.trim() : '';
  const details = typeof op.description === 'string' ? op.description.trim() : '';
  const description = (
    [summary, details].filter(Boolean).join('\n\n') || `${method.toUpperCase()} ${path}`
  ).slice(0, 2000);
  const tool: ToolSpec = {
    name: names.take(toolName(op.operationId ?? `${method}_${path}`)),
    ...(summary ? { title: summary.slice(0, 120) } : {}),
    description,
    inputSchema,
    annotations: annotationsFor(method),
    ...(Object.keys(auth.upstreamScopes).length ? { upstreamScopes: auth.upstreamScopes } : {}),
    impl: {
      kind: 'http',
      method: method.toUpperCase() as HttpMethod,
      url,
      ...(Object.keys({ ...headers, ...auth.headers }).length
        ? { headers: { ...headers, ...auth.headers } }
        : {}),
      ...(Object.keys({ ...query, ...auth.query }).length ? { query: { ...query, ...auth.query } } : {}),
      ...(body !== undefined ? { body } : {}),
    },
  };
  const example = exampleFor(tool, op, version);
  if (example) tool.examples = [example];
  return { tool, secrets: auth.secrets, upstreams: auth.upstreams };
}

function withDescription(schema: JsonSchema, description: unknown): JsonSchema {
  if (typeof description === 'string' && description.trim() && !schema.description)
    return { ...schema, description: description.trim().slice(0, 1000) };
  return schema;
}

function firstJsonSchema(content: Record<string, any> | undefined): unknown {
  if (!content) return undefined;
  const type =
    Object.keys(content).find((t) => t === 'application/json') ??
    Object.keys(content).find((t) => /[/+]json\b/.test(t) || t === '*/*');
  return type ? (content[type]?.schema ?? {}) : undefined;
}

function annotationsFor(method: string): ToolSpec['annotations'] {
  if (method === 'get') return { readOnlyHint: true, openWorldHint: true };
  if (method === 'delete')
    return { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
  if (method === 'put')
    return { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  return { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
}

/** A schema RE2 cannot run (validateSpec drops its tool later) matches nothing; the cache keeps nothing. */
function matchesSchema(schema: Record<string, unknown>, input: unknown): boolean {
  try {
    return ajv.validate(schema, input) as boolean;
  } catch {
    return false;
  } finally {
    ajv.removeSchema(schema);
  }
}

function exampleFor(tool: ToolSpec, op: Record<string, any>, version: OpenApiVersion): ToolExample | null {
  const input = sampleValue(tool.inputSchema, 'required');
  if (!input || typeof input !== 'object' || !matchesSchema(tool.inputSchema, input)) return null;
  const responses = (op.responses ?? {}) as Record<string, any>;
  const code = Object.keys(responses).find((c) => /^2\d\d$/.test(c));
  const response = code ? responses[code] : undefined;
  const schema = version === '2.0' ? response?.schema : firstJsonSchema(response?.content);
  const body = schema ? sampleValue(toJsonSchema(schema, version), 'full') : { ok: true };
  const status = code && code !== '204' ? Number(code) : 200;
  return { input: input as Record<string, unknown>, mockResponse: { status, body: body ?? { ok: true } } };
}

/** Tools the validator rejects are dropped with a note rather than failing the whole import. */
function dropInvalidTools(spec: ServerSpec, notes: string[]): ServerSpec {
  let current = spec;
  for (let round = 0; round < 5; round++) {
    const result = validateSpec(current);
    if (result.ok) return result.spec;
    const bad = new Set<number>();
    for (const issue of result.issues) {
      const m = issue.path.match(/^\/tools\/(\d+)/);
      if (m) bad.add(Number(m[1]));
    }
    if (!bad.size)
      throw new PlannerError(
        'invalid_openapi',
        `The imported spec is invalid:\n${formatIssues(result.issues)}`,
        422,
      );
    // Examples are optional: first try without them before dropping the tool.
    const tools: ToolSpec[] = [];
    current.tools.forEach((tool, i) => {
      if (!bad.has(i)) tools.push(tool);
      else if (tool.examples && round === 0) tools.push({ ...tool, examples: undefined });
      else
        notes.push(
          `Skipped ${tool.name}: ${result.issues.find((x) => x.path.startsWith(`/tools/${i}`))?.message ?? 'invalid'}.`,
        );
    });
    if (!tools.length)
      throw new PlannerError(
        'invalid_openapi',
        `No imported tool is valid:\n${formatIssues(result.issues)}`,
        422,
      );
    const usedUpstreams = new Set(
      tools.flatMap((t) =>
        [...JSON.stringify(t.impl).matchAll(/\{\{upstream\.([a-z0-9_-]+)\./g)].map((m) => m[1]!),
      ),
    );
    const upstreams = (current.upstreams ?? []).filter((u) => usedUpstreams.has(u.id));
    const used = new Set([
      ...tools
        .flatMap((t) => JSON.stringify(t.impl).match(/secrets\.([A-Z0-9_]+)/g) ?? [])
        .map((s) => s.slice(8)),
      ...upstreams.flatMap((u) => [u.clientIdSecret, u.clientSecretSecret ?? '']),
    ]);
    current = {
      ...current,
      tools,
      secrets: current.secrets.filter((s) => used.has(s.name)),
      ...(upstreams.length ? { upstreams } : { upstreams: undefined }),
    };
    if (!current.upstreams) delete current.upstreams;
  }
  throw new PlannerError('invalid_openapi', 'The imported spec could not be made valid.', 422);
}

/**
 * The scopes every imported operation of an upstream needs become its base `scopes` (asked at
 * first sign-in); what only some operations need stays in their `upstreamScopes` (asked when one
 * of them is first called).
 */
function splitUpstreamScopes(spec: ServerSpec): ServerSpec {
  if (!spec.upstreams?.length) return spec;
  const upstreams = spec.upstreams.map((upstream) => {
    const perTool = spec.tools
      .map((t) => t.upstreamScopes?.[upstream.id])
      .filter((s): s is string[] => Array.isArray(s));
    const base = perTool.length ? perTool.reduce((acc, s) => acc.filter((x) => s.includes(x))) : [];
    return { ...upstream, scopes: [...new Set([...upstream.scopes, ...base])] };
  });
  const tools = spec.tools.map((tool) => {
    if (!tool.upstreamScopes) return tool;
    const extra: Record<string, string[]> = {};
    for (const [id, scopes] of Object.entries(tool.upstreamScopes)) {
      const base = upstreams.find((u) => u.id === id)?.scopes ?? [];
      const rest = scopes.filter((s) => !base.includes(s));
      if (rest.length) extra[id] = rest;
    }
    const { upstreamScopes: _dropped, ...rest } = tool;
    return Object.keys(extra).length ? { ...rest, upstreamScopes: extra } : rest;
  });
  return { ...spec, upstreams, tools };
}
