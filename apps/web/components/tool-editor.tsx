'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { CodeBlock } from '@/components/client';
import { Button, Field, Input, Pill } from '@/components/ui';
import { type Answer, api, errorMessage, ok } from '@/lib/api';

export type Tool = Record<string, any>;
/** The spec a tool lives in (the other tools, secrets, upstreams, hosts): what it is checked against. */
export type SpecContext = Record<string, any> & { tools: Tool[] };

const HINTS = [
  ['readOnlyHint', 'Read-only', 'It only reads; it changes nothing.'],
  ['destructiveHint', 'Destructive', 'It may delete or overwrite data.'],
  ['idempotentHint', 'Idempotent', 'Calling it twice with the same input does no more than once.'],
  ['openWorldHint', 'Open world', 'It reaches outside systems (the internet, a third-party API).'],
] as const;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const NEW_TOOL: Tool = {
  name: 'new_tool',
  description: 'What this tool does, in one sentence.',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  annotations: { readOnlyHint: true },
  impl: {
    kind: 'code',
    source:
      'export default async function (input, ctx) {\n  return { content: [{ type: "text", text: input.text }] };\n}',
  },
};

export type Issue = Answer<'/v1/servers/spec-validation', 'post'>['issues'][number];

type Check =
  | { state: 'checking' }
  | { state: 'ok' }
  | { state: 'invalid'; local?: string; issues: Issue[] }
  | { state: 'unavailable'; message: string };

/**
 * Checks a tool inside its spec with the API's `validateSpec` (`POST /v1/servers/spec-validation`)
 * after each pause in typing; only the issues under this tool's path count. JSON that does not parse
 * is reported at once, without a call.
 */
function useToolCheck(candidate: Tool | { error: string }, context: SpecContext): Check {
  const [check, setCheck] = useState<Check>({ state: 'checking' });
  const key = 'error' in candidate ? null : JSON.stringify(candidate);
  const contextKey = JSON.stringify({ ...context, tools: context.tools });
  useEffect(() => {
    if (key === null) return;
    setCheck({ state: 'checking' });
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const tool = JSON.parse(key) as Tool;
      const spec = JSON.parse(contextKey) as SpecContext;
      const at = spec.tools.length;
      const prefix = `/tools/${at}`;
      try {
        const result = await ok(
          api.POST('/v1/servers/spec-validation', {
            body: { spec: { ...spec, tools: [...spec.tools, tool] } },
            signal: controller.signal,
          }),
        );
        const mine = result.issues
          .filter((i) => i.path === prefix || i.path.startsWith(`${prefix}/`))
          .map((i) => ({ path: i.path.slice(prefix.length) || '/', message: i.message }));
        setCheck(mine.length ? { state: 'invalid', issues: mine } : { state: 'ok' });
      } catch (err) {
        if (controller.signal.aborted) return;
        setCheck({ state: 'unavailable', message: `Could not check the tool: ${errorMessage(err)}` });
      }
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, contextKey]);
  if ('error' in candidate) return { state: 'invalid', local: candidate.error, issues: [] };
  return check;
}

/** "/inputSchema/properties/city" → "Input schema › properties › city". */
function where(path: string): string {
  const parts = path.split('/').filter(Boolean);
  const first: Record<string, string> = {
    name: 'Name',
    title: 'Title',
    description: 'Description',
    inputSchema: 'Input schema',
    annotations: 'Annotations',
    impl: 'Implementation',
    examples: 'Examples',
    scopes: 'Scopes',
  };
  if (!parts.length) return 'The tool';
  return [first[parts[0]!] ?? parts[0], ...parts.slice(1)].join(' › ');
}

function parseJson(text: string, what: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: `${what} is not valid JSON: ${(err as Error).message.replace(/\.?$/, '.')}` };
  }
}

/**
 * One tool as a form: name, title, description, annotations, the input schema (a JSON editor checked
 * as you type) and the implementation. "Edit as JSON" shows the whole tool raw, for what the form
 * does not cover (examples, scopes, headers). Saving needs a tool the API's validation accepts.
 */
export function ToolEditor({
  tool,
  context,
  onSave,
  onCancel,
  saveLabel = 'Save tool',
  busy = false,
}: {
  /** The tool to edit; a new one starts from NEW_TOOL. */
  tool: Tool | null;
  /** The spec without this tool. */
  context: SpecContext;
  onSave: (tool: Tool) => void;
  onCancel: () => void;
  saveLabel?: string;
  busy?: boolean;
}) {
  const start = tool ?? NEW_TOOL;
  const id = useId();
  const [name, setName] = useState<string>(start.name ?? '');
  const [title, setTitle] = useState<string>(start.title ?? '');
  const [description, setDescription] = useState<string>(start.description ?? '');
  const [annotations, setAnnotations] = useState<Record<string, boolean>>(start.annotations ?? {});
  const [schemaText, setSchemaText] = useState(() => JSON.stringify(start.inputSchema ?? {}, null, 2));
  const [impl, setImpl] = useState<Record<string, any>>(start.impl ?? NEW_TOOL.impl);
  /** Everything the form has no field for (examples, scopes, outputSchema, …): kept as is. */
  const [rest, setRest] = useState<Tool>(() => {
    const {
      name: _n,
      title: _t,
      description: _d,
      annotations: _a,
      inputSchema: _s,
      impl: _i,
      ...others
    } = start;
    return others;
  });
  const [raw, setRaw] = useState<string | null>(null);
  const [rawError, setRawError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  // Opening the editor puts the caret in its first field.
  useEffect(() => {
    box.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  const schema = parseJson(schemaText, 'The input schema');
  function compose(): Tool | { error: string } {
    if ('error' in schema) return schema;
    const hints = Object.fromEntries(Object.entries(annotations).filter(([, v]) => v !== undefined));
    return {
      name: name.trim(),
      ...(title.trim() ? { title: title.trim() } : {}),
      description: description.trim(),
      inputSchema: schema.value,
      ...(Object.keys(hints).length ? { annotations: hints } : {}),
      ...rest,
      impl,
    };
  }
  let candidate: Tool | { error: string };
  if (raw !== null) {
    const parsed = parseJson(raw, 'The tool');
    candidate =
      'error' in parsed
        ? parsed
        : typeof parsed.value === 'object' && parsed.value && !Array.isArray(parsed.value)
          ? (parsed.value as Tool)
          : { error: 'A tool is a JSON object.' };
  } else candidate = compose();
  const check = useToolCheck(candidate, context);
  const issues = check.state === 'invalid' ? check.issues : [];
  const at = (field: string) =>
    issues
      .filter((i) => i.path === `/${field}` || i.path.startsWith(`/${field}/`))
      .map((i) => `${where(i.path)}: ${i.message}.`)
      .join(' ') || null;
  const FIELDS = ['name', 'title', 'description', 'inputSchema', 'impl', 'annotations'];
  const others =
    raw !== null ? issues : issues.filter((i) => !FIELDS.some((f) => i.path.startsWith(`/${f}`)));

  function load(t: Tool) {
    const { name: n, title: ti, description: d, annotations: a, inputSchema: s, impl: im, ...others } = t;
    setName(String(n ?? ''));
    setTitle(String(ti ?? ''));
    setDescription(String(d ?? ''));
    setAnnotations((a as Record<string, boolean>) ?? {});
    setSchemaText(JSON.stringify(s ?? {}, null, 2));
    setImpl((im as Record<string, any>) ?? NEW_TOOL.impl);
    setRest(others);
  }

  const canSave = check.state === 'ok' && !busy;
  return (
    <div className="tool-card tool-editor" data-testid="tool-editor" ref={box}>
      {raw === null ? (
        <>
          <div className="grid-2">
            <Input
              label="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              hint="What clients call it: letters, digits, “_”, “.” or “-”."
              error={at('name')}
              spellCheck={false}
            />
            <Input
              label="Title (optional)"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              hint="A human-readable name."
              error={at('title')}
            />
          </div>
          <Field label="Description" id={`${id}-description`} error={at('description')}>
            <textarea
              id={`${id}-description`}
              className="textarea"
              style={{ minHeight: 70 }}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              aria-invalid={at('description') ? true : undefined}
            />
          </Field>
          <fieldset className="field plain-fieldset">
            <legend className="label">Annotations</legend>
            <div className="hint-grid">
              {HINTS.map(([key, label, help]) => (
                <label key={key} className="check-row">
                  <input
                    type="checkbox"
                    checked={annotations[key] === true}
                    onChange={(e) =>
                      setAnnotations((all) => {
                        const next = { ...all };
                        if (e.target.checked) next[key] = true;
                        else delete next[key];
                        return next;
                      })
                    }
                  />
                  <span>
                    <strong>{label}</strong> <span className="hint">{help}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <Field
            label="Input schema (JSON Schema)"
            id={`${id}-schema`}
            error={'error' in schema ? schema.error : at('inputSchema')}
            hint="An object schema: its properties are the tool’s arguments."
          >
            <textarea
              id={`${id}-schema`}
              className="textarea code"
              spellCheck={false}
              value={schemaText}
              onChange={(e) => setSchemaText(e.target.value)}
              aria-invalid={'error' in schema || at('inputSchema') ? true : undefined}
            />
          </Field>
          <fieldset className="field plain-fieldset">
            <legend className="label">Implementation</legend>
            <div className="row">
              <label className="row">
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={impl.kind === 'code'}
                  onChange={() =>
                    setImpl(tool?.impl?.kind === 'code' ? tool.impl : (NEW_TOOL.impl as Record<string, any>))
                  }
                />{' '}
                Code (JavaScript)
              </label>
              <label className="row">
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={impl.kind === 'http'}
                  onChange={() =>
                    setImpl(
                      tool?.impl?.kind === 'http'
                        ? tool.impl
                        : { kind: 'http', method: 'GET', url: 'https://' },
                    )
                  }
                />{' '}
                An HTTP request
              </label>
            </div>
            {impl.kind === 'http' ? (
              <div className="impl-http">
                <Field label="Method" id={`${id}-method`}>
                  <select
                    id={`${id}-method`}
                    className="select"
                    value={impl.method}
                    onChange={(e) => setImpl({ ...impl, method: e.target.value })}
                  >
                    {METHODS.map((m) => (
                      <option key={m}>{m}</option>
                    ))}
                  </select>
                </Field>
                <Input
                  label="URL"
                  value={impl.url ?? ''}
                  onChange={(e) => setImpl({ ...impl, url: e.target.value })}
                  hint="{{input.name}} puts an argument in it; {{secrets.NAME}} a credential."
                  error={at('impl')}
                  spellCheck={false}
                />
              </div>
            ) : (
              <Field
                label="Module source"
                id={`${id}-source`}
                error={at('impl')}
                hint="An ES module whose default export is async function (input, ctx)."
              >
                <textarea
                  id={`${id}-source`}
                  className="textarea code"
                  spellCheck={false}
                  value={impl.source ?? ''}
                  onChange={(e) => setImpl({ ...impl, source: e.target.value })}
                />
              </Field>
            )}
          </fieldset>
        </>
      ) : (
        <Field
          label="Tool JSON (advanced)"
          id={`${id}-json`}
          error={rawError ?? ('error' in candidate ? candidate.error : null)}
          hint="The whole tool, including examples and mock responses. Back to the form keeps what you changed."
        >
          <textarea
            id={`${id}-json`}
            className="textarea code"
            style={{ minHeight: 260 }}
            spellCheck={false}
            value={raw}
            onChange={(e) => setRaw(e.target.value)}
            aria-invalid={'error' in candidate ? true : undefined}
          />
        </Field>
      )}
      <div className="tool-check" aria-live="polite" data-testid="tool-check" data-state={check.state}>
        {check.state === 'checking' && <span className="muted small">Checking…</span>}
        {check.state === 'ok' && <span className="field-ok">The tool is valid.</span>}
        {check.state === 'unavailable' && <span className="field-error">{check.message}</span>}
        {check.state === 'invalid' && others.length > 0 && (
          <ul className="field-error" style={{ margin: 0, paddingLeft: 18 }}>
            {others.map((i) => (
              <li key={`${i.path}-${i.message}`}>
                {where(i.path)}: {i.message}.
              </li>
            ))}
          </ul>
        )}
        {check.state === 'invalid' && others.length === 0 && (
          <span className="field-error">Fix the fields marked above.</span>
        )}
      </div>
      <div className="row">
        <Button
          size="sm"
          disabled={!canSave}
          onClick={() => {
            if (canSave && !('error' in candidate)) onSave(candidate);
          }}
        >
          {saveLabel}
        </Button>
        <Button size="sm" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            if (raw === null) {
              const c = compose();
              setRaw(JSON.stringify('error' in c ? { ...start } : c, null, 2));
              setRawError('error' in c ? `${c.error} The JSON below is the last valid tool.` : null);
            } else {
              const parsed = parseJson(raw, 'The tool');
              if ('error' in parsed) return setRawError(parsed.error);
              if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value))
                return setRawError('A tool is a JSON object.');
              load(parsed.value as Tool);
              setRaw(null);
              setRawError(null);
            }
          }}
        >
          {raw === null ? 'Edit as JSON (advanced)' : 'Back to the form'}
        </Button>
      </div>
    </div>
  );
}

/** A saved tool, read-only, with Edit and Remove. */
export function ToolSummary({
  tool,
  onEdit,
  onRemove,
  disabled = false,
}: {
  tool: Tool;
  onEdit: () => void;
  onRemove?: () => void;
  disabled?: boolean;
}) {
  const hints = Object.entries((tool.annotations ?? {}) as Record<string, boolean>).filter(([, v]) => v);
  return (
    <div className="tool-card" data-testid="tool-card">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div>
          <h3 style={{ margin: 0 }}>
            <code>{tool.name}</code>
          </h3>
          {tool.title && <div className="muted small">{tool.title}</div>}
        </div>
        <div className="row">
          <Button
            size="sm"
            variant="secondary"
            onClick={onEdit}
            disabled={disabled}
            aria-label={`Edit ${tool.name}`}
          >
            Edit
          </Button>
          {onRemove && (
            <Button
              size="sm"
              variant="ghost"
              onClick={onRemove}
              disabled={disabled}
              aria-label={`Remove ${tool.name}`}
            >
              Remove
            </Button>
          )}
        </div>
      </div>
      <p style={{ margin: '8px 0' }}>{tool.description}</p>
      <div className="row" style={{ marginBottom: 8 }}>
        <Pill tone="accent">{tool.impl?.kind === 'http' ? `HTTP ${tool.impl.method}` : 'code'}</Pill>
        {hints.map(([k]) => (
          <Pill key={k} tone="info">
            {k.replace(/Hint$/, '')}
          </Pill>
        ))}
        {(tool.scopes ?? []).map((s: string) => (
          <Pill key={s}>{s}</Pill>
        ))}
      </div>
      <details className="details">
        <summary>Input schema</summary>
        <CodeBlock code={JSON.stringify(tool.inputSchema, null, 2)} language="json" />
      </details>
    </div>
  );
}
