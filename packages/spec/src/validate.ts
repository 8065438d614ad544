import type { ErrorObject, ValidateFunction } from 'ajv';
import { createSchemaValidator } from './ajv.js';
import { unsupportedPatterns } from './linear-pattern.js';
import { serverSpecSchema } from './schema.js';
import { collectStrings, templateRefs } from './template.js';
import type { ServerSpec, ToolSpec } from './types.js';

export interface SpecIssue {
  /** JSON-pointer-like path into the spec, e.g. `/tools/0/impl/url`. */
  path: string;
  message: string;
}

export type SpecValidation = { ok: true; spec: ServerSpec } | { ok: false; issues: SpecIssue[] };

const validateStructure = createSchemaValidator().compile(serverSpecSchema);
/** Compiles users' tool schemas; its own instance, so a user `$id` never meets the spec schema's. */
const ajv = createSchemaValidator();

function structureIssues(errors: ErrorObject[]): SpecIssue[] {
  // oneOf over impl kinds reports every branch; keep the errors of the branch the impl claims to be.
  const seen = new Set<string>();
  const issues: SpecIssue[] = [];
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const message =
      e.keyword === 'additionalProperties'
        ? `has an unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`
        : e.keyword === 'required'
          ? `is missing "${(e.params as { missingProperty: string }).missingProperty}"`
          : (e.message ?? 'is invalid');
    const key = `${e.instancePath} ${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push({ path: e.instancePath || '/', message });
    }
  }
  return issues;
}

function pruneImplBranches(spec: unknown, errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => {
    const m = e.instancePath.match(/^\/tools\/(\d+)\/impl/);
    if (!m) return true;
    const kind = (spec as { tools?: { impl?: { kind?: string } }[] }).tools?.[Number(m[1])]?.impl?.kind;
    const branch = e.schemaPath.match(/\/impl\/oneOf\/(\d)\//)?.[1];
    if (branch === undefined) return kind !== 'http' && kind !== 'code';
    return (
      (kind === 'http' && branch === '0') ||
      (kind === 'code' && branch === '1') ||
      (kind !== 'http' && kind !== 'code')
    );
  });
}

/** Compiles a tool's input and output schemas; returns the input validator when it compiles. */
function schemaIssues(
  tool: ToolSpec,
  at: (p: string) => string,
  issues: SpecIssue[],
): ValidateFunction | undefined {
  let validateInput: ValidateFunction | undefined;
  for (const [key, schema] of [
    ['inputSchema', tool.inputSchema],
    ['outputSchema', tool.outputSchema],
  ] as const) {
    if (!schema) continue;
    const patterns = unsupportedPatterns(schema);
    for (const p of patterns) issues.push({ path: at(`/${key}${p.path}`), message: p.message });
    if (patterns.length) continue;
    try {
      const validate = ajv.compile(schema);
      if (key === 'inputSchema') validateInput = validate;
    } catch (err) {
      issues.push({ path: at(`/${key}`), message: `is not a valid JSON Schema: ${(err as Error).message}` });
    } finally {
      // ajv caches by schema object and `$id`: forget user schemas, or the cache grows per request.
      ajv.removeSchema(schema);
    }
  }
  return validateInput;
}

/** What the `{{…}}` placeholders of one tool may name: its secrets, input properties and upstreams. */
interface RefScope {
  secretNames: Set<string>;
  inputProps: Set<string>;
  upstreamIds: Set<string>;
}

function upstreamRefIssue(path: string, scope: RefScope, allowUpstream: boolean): string | null {
  const [id, field, ...rest] = path.split('.');
  if (!allowUpstream) return `uses {{upstream.${path}}}; upstream tokens exist only in http tools`;
  if (!scope.upstreamIds.has(id!))
    return `uses {{upstream.${path}}} but the spec declares no upstream "${id}"`;
  if ((field !== 'accessToken' && field !== 'tokenType') || rest.length > 0)
    return `uses {{upstream.${path}}}; only {{upstream.${id}.accessToken}} and {{upstream.${id}.tokenType}} exist`;
  return null;
}

/** Every placeholder in `text` must name something the tool has, and be well formed. */
function refIssues(text: string, path: string, scope: RefScope, allowUpstream: boolean): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const ref of templateRefs(text)) {
    const property = ref.path.split('.')[0]!;
    const message =
      ref.source === 'upstream'
        ? upstreamRefIssue(ref.path, scope, allowUpstream)
        : ref.source === 'secrets'
          ? scope.secretNames.has(ref.path)
            ? null
            : `uses {{secrets.${ref.path}}} but the spec declares no secret ${ref.path}`
          : ref.source === 'input'
            ? scope.inputProps.has(property)
              ? null
              : `uses {{input.${ref.path}}} but the input schema has no property "${property}"`
            : `uses {{${ref.source}.${ref.path}}}; only {{input.…}}, {{secrets.…}} and {{upstream.…}} exist`;
    if (message) issues.push({ path, message });
  }
  const stray = text.replace(/\{\{\s*[a-zA-Z]+\.[A-Za-z0-9_.-]+\s*\}\}/g, '');
  if (stray.includes('{{') || stray.includes('}}'))
    issues.push({ path, message: 'has a malformed {{placeholder}}' });
  return issues;
}

/** An http tool: a URL with a fixed host that parses once filled in, and placeholders that resolve. */
function httpImplIssues(tool: ToolSpec, at: (p: string) => string, scope: RefScope): SpecIssue[] {
  if (tool.impl.kind !== 'http') return [];
  const impl = tool.impl;
  const issues = refIssues(impl.url, at('/impl/url'), scope, true);
  const host = impl.url.match(/^https?:\/\/([^/{}?#]+)/i)?.[1];
  if (!host)
    issues.push({
      path: at('/impl/url'),
      message: 'must start with http(s):// and a fixed host (no placeholder in the host)',
    });
  else {
    try {
      new URL(impl.url.replace(/\{\{[^}]*\}\}/g, 'x'));
    } catch {
      issues.push({ path: at('/impl/url'), message: 'is not a valid URL once placeholders are filled in' });
    }
  }
  for (const [part, value] of [
    ['headers', impl.headers],
    ['query', impl.query],
    ['body', impl.body],
  ] as const) {
    for (const s of collectStrings(value ?? null))
      issues.push(...refIssues(s, at(`/impl/${part}`), scope, true));
  }
  return issues;
}

function toolIssues(spec: ServerSpec, tool: ToolSpec, i: number): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const at = (p: string) => `/tools/${i}${p}`;
  const scope: RefScope = {
    secretNames: new Set(spec.secrets.map((s) => s.name)),
    inputProps: new Set(Object.keys((tool.inputSchema.properties as Record<string, unknown>) ?? {})),
    upstreamIds: new Set((spec.upstreams ?? []).map((u) => u.id)),
  };
  const validateInput = schemaIssues(tool, at, issues);
  issues.push(...httpImplIssues(tool, at, scope));

  for (const id of Object.keys(tool.upstreamScopes ?? {}))
    if (!scope.upstreamIds.has(id))
      issues.push({
        path: at(`/upstreamScopes/${id}`),
        message: `names upstream "${id}" but the spec declares no such upstream`,
      });

  tool.examples?.forEach((example, j) => {
    if (validateInput && !validateInput(example.input)) {
      issues.push({
        path: at(`/examples/${j}/input`),
        message: `does not match the input schema: ${ajv.errorsText(validateInput.errors, { dataVar: 'input' })}`,
      });
    }
  });
  return issues;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Upstream endpoints must be https. Plain http is accepted for loopback hosts only (local
 * development and tests); the platform still refuses loopback at run time unless the operator
 * allows private networks, so validation needs no configuration.
 */
function endpointIssue(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname)) return null;
  return 'must be an https URL';
}

function upstreamIssues(spec: ServerSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const secretNames = new Set(spec.secrets.map((s) => s.name));
  const seen = new Set<string>();
  (spec.upstreams ?? []).forEach((u, i) => {
    const at = (p: string) => `/upstreams/${i}${p}`;
    if (seen.has(u.id)) issues.push({ path: at('/id'), message: `duplicate upstream id "${u.id}"` });
    seen.add(u.id);
    if (!u.preset && !u.issuer && !(u.authorizationUrl && u.tokenUrl))
      issues.push({
        path: at(''),
        message: 'needs a preset, an issuer (for discovery) or both authorizationUrl and tokenUrl',
      });
    for (const key of ['issuer', 'authorizationUrl', 'tokenUrl', 'revocationUrl', 'userinfoUrl'] as const) {
      const value = u[key];
      if (value === undefined) continue;
      const problem = endpointIssue(value);
      if (problem) issues.push({ path: at(`/${key}`), message: problem });
    }
    for (const key of ['clientIdSecret', 'clientSecretSecret'] as const) {
      const name = u[key];
      if (name !== undefined && !secretNames.has(name))
        issues.push({
          path: at(`/${key}`),
          message: `names secret ${name} but the spec declares no such secret`,
        });
    }
    if (u.tokenEndpointAuthMethod === 'none' && u.clientSecretSecret)
      issues.push({
        path: at('/clientSecretSecret'),
        message: 'a public client (tokenEndpointAuthMethod "none") has no client secret',
      });
    if (u.pkce === false && (u.tokenEndpointAuthMethod === 'none' || !u.clientSecretSecret))
      issues.push({ path: at('/pkce'), message: 'a public client must use PKCE' });
    const reserved = [
      'response_type',
      'client_id',
      'redirect_uri',
      'state',
      'code_challenge',
      'code_challenge_method',
      'nonce',
      'scope',
    ];
    for (const name of Object.keys(u.authorizeParams ?? {}))
      if (reserved.includes(name))
        issues.push({
          path: at(`/authorizeParams/${name}`),
          message: `"${name}" is set by the platform and cannot be overridden`,
        });
  });
  return issues;
}

/**
 * Structure (JSON Schema) first, then meaning: unique names, schemas that compile, placeholders
 * that point at declared secrets and input properties, URLs that parse, examples that fit.
 */
export function validateSpec(input: unknown): SpecValidation {
  if (!validateStructure(input)) {
    return { ok: false, issues: structureIssues(pruneImplBranches(input, validateStructure.errors ?? [])) };
  }
  const spec = input as unknown as ServerSpec;
  const issues: SpecIssue[] = [];
  const dupes = (names: string[], path: string, what: string) => {
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (seen.has(n)) issues.push({ path: `${path}/${i}/name`, message: `duplicate ${what} name "${n}"` });
      seen.add(n);
    });
  };
  dupes(
    spec.tools.map((t) => t.name),
    '/tools',
    'tool',
  );
  dupes(
    spec.secrets.map((s) => s.name),
    '/secrets',
    'secret',
  );
  dupes(
    (spec.prompts ?? []).map((p) => p.name),
    '/prompts',
    'prompt',
  );
  spec.tools.forEach((tool, i) => {
    issues.push(...toolIssues(spec, tool, i));
  });
  issues.push(...upstreamIssues(spec));
  return issues.length ? { ok: false, issues } : { ok: true, spec };
}

/** One line per issue, for logs and error messages. */
export function formatIssues(issues: SpecIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}
