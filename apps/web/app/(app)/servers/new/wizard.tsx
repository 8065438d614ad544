'use client';

import Link from 'next/link';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { BuildLog } from '@/components/build-log';
import { CopyField } from '@/components/client';
import { Snippets } from '@/components/snippets';
import { Alert, Button, Card, Field, Input, LinkButton, PageHead, Pill, Spinner } from '@/components/ui';
import { ApiError, api, errorMessage } from '@/lib/api';
import { NEW_TOOL_TEMPLATE, slugify, slugProblem } from '@/lib/tool-check';
import type { InstallSnippet } from '@/lib/types';
import {
  type PersonalTokenOption,
  type SignInStash,
  switchToPersonalToken,
  switchToSignIn,
  type UpstreamLike,
} from '@/lib/upstream-switch';
import { ToolCard } from './tool-editor';
import { useSlugCheck } from './use-slug-check';

type Spec = Record<string, any> & {
  tools: Record<string, any>[];
  secrets: { name: string; description: string; required: boolean; howToObtain?: string }[];
  upstreams?: UpstreamLike[];
};
interface Draft {
  spec: Spec | null;
  source: 'claude' | 'openapi' | 'template';
  notes: string[];
  personalTokens?: PersonalTokenOption[];
  suggestions?: { id: string; name: string; description: string }[];
}

const SOURCE_LABEL: Record<Draft['source'], string> = {
  claude: 'Drafted by Claude',
  openapi: 'Imported from your OpenAPI document',
  template: 'From a built-in template (offline planner)',
};

function Steps({ step }: { step: 1 | 2 | 3 }) {
  const names = ['Describe', 'Review tools', 'Build & connect'];
  return (
    <ol className="steps" aria-label="Wizard progress">
      {names.map((n, i) => (
        <li
          key={n}
          aria-current={step === i + 1 ? 'step' : undefined}
          className={step > i + 1 ? 'done' : undefined}
        >
          <span className="num">{step > i + 1 ? '✓' : i + 1}</span>
          {n}
        </li>
      ))}
    </ol>
  );
}

export function Wizard() {
  const [step, setStep] = useState<1 | 2 | 3>(1);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [mode, setMode] = useState<'prompt' | 'openapi'>('prompt');
  const [prompt, setPrompt] = useState('');
  const [openapi, setOpenapi] = useState('');
  const [openapiUrl, setOpenapiUrl] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tools, setTools] = useState<(Record<string, any> | string)[]>([]);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  /** Upstreams switched to a personal token, by id: what switching back restores. */
  const [stashes, setStashes] = useState<Record<string, SignInStash>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ serverId: string; buildId: string } | null>(null);
  const slugCheck = useSlugCheck(slug);
  const ids = useId();

  useEffect(() => {
    if (!slugTouched) setSlug(slugify(name));
  }, [name, slugTouched]);

  async function requestDraft(promptText = prompt) {
    setError(null);
    setFieldErrors({});
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Give the server a name.';
    const sp = slugProblem(slug);
    if (sp) local.slug = sp;
    if (mode === 'prompt' && promptText.trim().length < 3)
      local.prompt = 'Describe what the server should do.';
    if (mode === 'openapi' && !openapi.trim()) local.openapi = 'Paste, upload or fetch an OpenAPI document.';
    if (Object.keys(local).length) return setFieldErrors(local);
    setBusy('Drafting your tools…');
    try {
      const body: Record<string, unknown> = {
        prompt: promptText.trim() || `Tools for the ${name} API`,
        name: name.trim(),
        slug,
      };
      if (mode === 'openapi') body.openapi = openapi;
      const result = await api<Draft | { draft: Draft }>('/v1/servers/preview', { method: 'POST', body });
      const d = 'draft' in result ? result.draft : result;
      setDraft(d);
      if (d.spec) {
        setTools(d.spec.tools);
        setSecrets({});
        setStashes({});
        setStep(2);
      }
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        if (err.status === 409 || err.problem.code?.startsWith('slug')) fields.slug = err.message;
        setFieldErrors(fields);
      }
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  async function create() {
    if (!draft?.spec) return;
    const finished = tools.filter((t): t is Record<string, any> => typeof t !== 'string');
    if (finished.length !== tools.length) return setError('Save or cancel the tool you are editing first.');
    if (finished.length === 0) return setError('A server needs at least one tool.');
    const missing = draft.spec.secrets.filter((s) => s.required && !secrets[s.name]?.trim());
    if (missing.length) return setError(`Enter ${missing.map((s) => s.name).join(', ')} (required).`);
    setError(null);
    setBusy('Creating the server…');
    try {
      const spec = { ...draft.spec, name: name.trim(), slug, tools: finished };
      const secretValues = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v.trim() !== ''));
      const result = await api<{ server: { id: string }; build: { id: string } }>('/v1/servers', {
        method: 'POST',
        body: {
          name: name.trim(),
          slug,
          description: String(draft.spec.description ?? ''),
          spec,
          secrets: secretValues,
        },
      });
      setCreated({ serverId: result.server.id, buildId: result.build.id });
      setStep(3);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.problem.code?.includes('slug')) setStep(1);
    } finally {
      setBusy(null);
    }
  }

  async function loadUrl() {
    setError(null);
    try {
      const res = await fetch(openapiUrl);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      setOpenapi(await res.text());
    } catch (err) {
      setFieldErrors({
        openapiUrl: `Could not fetch it from the browser (${(err as Error).message}); the site may not allow cross-origin requests. Download it and upload the file instead.`,
      });
    }
  }

  return (
    <>
      <PageHead
        title="New MCP server"
        description="Three steps: describe it, review the tools, watch it build."
      />
      <Steps step={step} />
      {error && step !== 2 && <Alert tone="error">{error}</Alert>}

      {step === 1 && (
        <Card>
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              void requestDraft();
            }}
            noValidate
          >
            <div className="grid-2">
              <Input
                label="Name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={fieldErrors.name}
                placeholder="Calculator"
                required
              />
              <Input
                label="Slug"
                value={slug}
                onChange={(e) => {
                  setSlugTouched(true);
                  setSlug(e.target.value.toLowerCase());
                }}
                error={fieldErrors.slug ?? slugCheck.error}
                ok={slugCheck.ok}
                hint="Part of the server's URL: …/<slug>/mcp"
                required
              />
            </div>
            <fieldset className="field" style={{ border: 0, padding: 0 }}>
              <legend className="label">Start from</legend>
              <div className="row">
                <label className="row">
                  <input
                    type="radio"
                    name="mode"
                    checked={mode === 'prompt'}
                    onChange={() => setMode('prompt')}
                  />{' '}
                  A description
                </label>
                <label className="row">
                  <input
                    type="radio"
                    name="mode"
                    checked={mode === 'openapi'}
                    onChange={() => setMode('openapi')}
                  />{' '}
                  An OpenAPI document
                </label>
              </div>
            </fieldset>
            {mode === 'prompt' ? (
              <Field
                label="What should the server do?"
                id={`${ids}-prompt`}
                error={fieldErrors.prompt}
                hint="For example: “A calculator that evaluates arithmetic expressions” or “Look up the current weather for a city”."
              >
                <textarea
                  id={`${ids}-prompt`}
                  className="textarea"
                  value={prompt}
                  onChange={(e) => setPrompt(e.target.value)}
                  aria-invalid={fieldErrors.prompt ? true : undefined}
                />
              </Field>
            ) : (
              <>
                <Field
                  label="OpenAPI document (JSON or YAML)"
                  id={`${ids}-openapi`}
                  error={fieldErrors.openapi}
                >
                  <textarea
                    id={`${ids}-openapi`}
                    className="textarea code"
                    style={{ minHeight: 180 }}
                    value={openapi}
                    onChange={(e) => setOpenapi(e.target.value)}
                    spellCheck={false}
                  />
                </Field>
                <div className="grid-2">
                  <Field label="…or upload a file" id={`${ids}-file`}>
                    <input
                      id={`${ids}-file`}
                      type="file"
                      accept=".json,.yaml,.yml,application/json,text/yaml"
                      onChange={async (e) => {
                        const file = e.target.files?.[0];
                        if (file) setOpenapi(await file.text());
                      }}
                    />
                  </Field>
                  <div>
                    <Input
                      label="…or fetch it from a URL"
                      type="url"
                      value={openapiUrl}
                      onChange={(e) => setOpenapiUrl(e.target.value)}
                      error={fieldErrors.openapiUrl}
                      placeholder="https://api.example.com/openapi.json"
                    />
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => void loadUrl()}
                      disabled={!openapiUrl}
                    >
                      Fetch
                    </Button>
                  </div>
                </div>
                <Field label="Anything to focus on? (optional)" id={`${ids}-focus`}>
                  <input
                    id={`${ids}-focus`}
                    className="input"
                    value={prompt}
                    onChange={(e) => setPrompt(e.target.value)}
                  />
                </Field>
              </>
            )}
            {draft && !draft.spec && (
              <Alert tone="warn">
                <p style={{ marginTop: 0 }}>Nothing matched that description yet.</p>
                {draft.notes.map((n) => (
                  <p key={n}>{n}</p>
                ))}
                {draft.suggestions?.length ? (
                  <div className="row">
                    Try:
                    {draft.suggestions.map((s) => (
                      <Button
                        key={s.id}
                        size="sm"
                        variant="secondary"
                        title={s.description}
                        onClick={() => {
                          setPrompt(s.description);
                          void requestDraft(s.description);
                        }}
                      >
                        {s.name}
                      </Button>
                    ))}
                  </div>
                ) : null}
              </Alert>
            )}
            <div className="row">
              <Button type="submit" disabled={busy !== null}>
                Draft the tools
              </Button>
              {busy && <Spinner label={busy.replace(/…$/, '')} />}
            </div>
          </form>
        </Card>
      )}

      {step === 2 && draft?.spec && (
        <div className="stack">
          <Card>
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <h2 style={{ margin: 0 }}>
                {name} <span className="muted small mono">/{slug}</span>
              </h2>
              <Pill tone="accent">{SOURCE_LABEL[draft.source]}</Pill>
            </div>
            {draft.spec.description && <p className="muted">{draft.spec.description}</p>}
            {draft.notes.length > 0 && (
              <ul className="small muted">
                {draft.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </Card>
          <Card>
            <div className="row" style={{ justifyContent: 'space-between', marginBottom: 12 }}>
              <h2 style={{ margin: 0 }}>Tools ({tools.length})</h2>
              <Button
                size="sm"
                variant="secondary"
                onClick={() => setTools((t) => [...t, NEW_TOOL_TEMPLATE])}
              >
                Add a tool
              </Button>
            </div>
            <div className="stack">
              {tools.map((tool, i) => (
                <ToolCard
                  // A sign-in switch rewrites the tools: remount so no editor keeps the old JSON.
                  key={
                    typeof tool === 'string' ? `new-${i}` : `${tool.name}-${i}-${Object.keys(stashes).join()}`
                  }
                  tool={tool}
                  startEditing={typeof tool === 'string'}
                  otherNames={tools
                    .filter((_, j) => j !== i && typeof tools[j] !== 'string')
                    .map((t) => (t as Record<string, any>).name)}
                  onSave={(saved) => setTools((all) => all.map((t, j) => (j === i ? saved : t)))}
                  onRemove={() => setTools((all) => all.filter((_, j) => j !== i))}
                  onCancelNew={() => setTools((all) => all.filter((_, j) => j !== i))}
                />
              ))}
              {tools.length === 0 && <p className="muted">No tools left. Add one to continue.</p>}
            </div>
          </Card>
          {((draft.spec.upstreams?.length ?? 0) > 0 || Object.keys(stashes).length > 0) && (
            <SignInCard
              upstreams={draft.spec.upstreams ?? []}
              tools={tools}
              options={draft.personalTokens ?? []}
              stashes={stashes}
              editing={tools.some((t) => typeof t === 'string')}
              onPersonalToken={(option) => {
                const spec = draft.spec!;
                const done = tools as Record<string, any>[];
                try {
                  const next = switchToPersonalToken(spec, done, option);
                  setDraft({ ...draft, spec: next.spec as Spec });
                  setTools(next.tools);
                  setStashes((all) => ({ ...all, [option.upstreamId]: next.stash }));
                  setError(null);
                } catch (err) {
                  setError((err as Error).message);
                }
              }}
              onSignIn={(id) => {
                const stash = stashes[id];
                if (!stash) return;
                const next = switchToSignIn(draft.spec!, tools as Record<string, any>[], stash);
                setDraft({ ...draft, spec: next.spec as Spec });
                setTools(next.tools);
                setStashes(({ [id]: _gone, ...rest }) => rest);
                setSecrets(({ [stash.option.secret.name]: _typed, ...rest }) => rest);
              }}
            />
          )}
          <Card>
            <h2>Credentials</h2>
            {draft.spec.secrets.length === 0 ? (
              <p className="muted" style={{ margin: 0 }} data-testid="no-credentials">
                No credentials needed.
              </p>
            ) : (
              <>
                <p className="muted small">
                  Encrypted at rest and never shown again. You can replace them later on the server page.
                </p>
                {draft.spec.secrets.map((s) => (
                  <Input
                    key={s.name}
                    label={`${s.name}${s.required ? '' : ' (optional)'}`}
                    type="password"
                    autoComplete="off"
                    value={secrets[s.name] ?? ''}
                    onChange={(e) => setSecrets((all) => ({ ...all, [s.name]: e.target.value }))}
                    hint={
                      <>
                        {s.description}
                        {s.howToObtain ? ` — ${s.howToObtain}` : ''}
                      </>
                    }
                  />
                ))}
              </>
            )}
          </Card>
          {error && <Alert tone="error">{error}</Alert>}
          <div className="row">
            <Button variant="secondary" onClick={() => setStep(1)}>
              Back
            </Button>
            <Button onClick={() => void create()} disabled={busy !== null}>
              Create and build
            </Button>
            {busy && <Spinner label={busy.replace(/…$/, '')} />}
          </div>
        </div>
      )}

      {step === 3 && created && <BuildStep serverId={created.serverId} buildId={created.buildId} />}
    </>
  );
}

function SignInCard({
  upstreams,
  tools,
  options,
  stashes,
  editing,
  onPersonalToken,
  onSignIn,
}: {
  upstreams: UpstreamLike[];
  tools: (Record<string, any> | string)[];
  options: PersonalTokenOption[];
  stashes: Record<string, SignInStash>;
  editing: boolean;
  onPersonalToken: (option: PersonalTokenOption) => void;
  onSignIn: (id: string) => void;
}) {
  return (
    <Card data-testid="upstreams">
      <h2>Sign-in</h2>
      <p className="muted small">
        Each person who connects signs in to the provider once, in the same browser flow as the consent page;
        the tools then act as them, never as you. The redirect URI to register in the provider’s OAuth app is
        on the server page once it is created.
      </p>
      <ul className="plain-list stack">
        {upstreams.map((u) => {
          const option = options.find((o) => o.upstreamId === u.id);
          // The sign-in asks for the base scopes plus what every tool adds.
          const scopes = [
            ...new Set([
              ...u.scopes,
              ...tools.flatMap((t) =>
                typeof t === 'string' ? [] : ((t.upstreamScopes?.[u.id] as string[] | undefined) ?? []),
              ),
            ]),
          ];
          return (
            <li key={u.id} data-testid={`upstream-${u.id}`}>
              <div className="row">
                <strong>{u.name}</strong>
                <Pill tone="accent">sign-in</Pill>
                {u.preset && <Pill>preset {u.preset}</Pill>}
              </div>
              <p className="small" style={{ margin: '6px 0' }}>
                Each person signs in to {u.name}
                {scopes.length ? (
                  <>
                    {' '}
                    with the scopes{' '}
                    {scopes.map((s) => (
                      <code key={s} style={{ marginRight: 4 }}>
                        {s}
                      </code>
                    ))}
                  </>
                ) : null}
                . The OAuth app’s credentials go in <code>{u.clientIdSecret}</code>
                {u.clientSecretSecret ? (
                  <>
                    {' '}
                    and <code>{u.clientSecretSecret}</code>
                  </>
                ) : null}
                {u.preset ? ' (optional if the platform provides an app).' : '.'}
              </p>
              {option && (
                <div className="row">
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={editing}
                    onClick={() => onPersonalToken(option)}
                  >
                    Use a personal token instead
                  </Button>
                  <span className="small muted">
                    One token, <code>{option.secret.name}</code>: everyone who connects acts as its owner.
                  </span>
                </div>
              )}
            </li>
          );
        })}
        {Object.values(stashes).map((stash) => (
          <li key={stash.upstream.id} data-testid={`upstream-${stash.upstream.id}`}>
            <div className="row">
              <strong>{stash.upstream.name}</strong>
              <Pill tone="warn">personal token</Pill>
            </div>
            <p className="small" style={{ margin: '6px 0' }}>
              Everyone who connects acts as the owner of <code>{stash.option.secret.name}</code>.
            </p>
            <Button
              size="sm"
              variant="secondary"
              disabled={editing}
              onClick={() => onSignIn(stash.upstream.id)}
            >
              Use {stash.upstream.name} sign-in instead
            </Button>
          </li>
        ))}
      </ul>
      {editing && <p className="small muted">Save or cancel the tool you are editing to switch.</p>}
    </Card>
  );
}

function BuildStep({ serverId, buildId }: { serverId: string; buildId: string }) {
  const [result, setResult] = useState<{ status: string } | null>(null);
  const [server, setServer] = useState<{ mcpUrl: string; installSnippets: InstallSnippet[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (result?.status !== 'succeeded') return;
    api<{
      server: { mcpUrl: string; installSnippets?: InstallSnippet[] };
      installSnippets?: InstallSnippet[];
    }>(`/v1/servers/${serverId}`)
      .then((r) =>
        setServer({
          mcpUrl: r.server.mcpUrl,
          installSnippets: r.installSnippets ?? r.server.installSnippets ?? [],
        }),
      )
      .catch((err) => setError(errorMessage(err)));
  }, [result, serverId]);
  return (
    <div className="stack">
      <Card>
        <BuildLog buildId={buildId} onDone={(status) => setResult({ status })} />
      </Card>
      {result && result.status !== 'succeeded' && (
        <Alert tone="error">
          The build {result.status}. Read the log above, then fix the tools on the{' '}
          <Link href={`/servers/${serverId}`}>server page</Link> and build again.
        </Alert>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {server && (
        <Card data-testid="connect">
          <h2>Your server is live</h2>
          <p className="label">MCP URL</p>
          <CopyField value={server.mcpUrl} />
          <h3 style={{ marginTop: 20 }}>Connect a client</h3>
          <Snippets snippets={server.installSnippets} />
          <LinkButton href={`/servers/${serverId}`}>Open the server page</LinkButton>
        </Card>
      )}
    </div>
  );
}
