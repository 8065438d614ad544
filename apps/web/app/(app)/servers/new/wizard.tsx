'use client';

import { useEffect, useRef, useState } from 'react';
import type { Tool } from '@/components/tool-editor';
import { Alert, PageHead } from '@/components/ui';
import { ApiError, api, errorMessage, ok, type RequestBody } from '@/lib/api';
import { slugify, slugProblem } from '@/lib/slug';
import type { SignInStash } from '@/lib/upstream-switch';
import { StepBuild } from './step-build';
import { type DescribeInput, StepDescribe } from './step-describe';
import { StepReview } from './step-review';
import { type Draft, STEP_NAMES, toDraft } from './types';
import { useSlugCheck } from './use-slug-check';

type PreviewBody = RequestBody<'/v1/servers/preview', 'post'>;

function Steps({ step }: { step: 1 | 2 | 3 }) {
  return (
    <ol className="steps" aria-label="Wizard progress">
      {STEP_NAMES.map((n, i) => (
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

const HEADINGS = ['Describe your server', 'Review the tools', 'Build and connect'] as const;

/**
 * The new-server wizard: describe → review tools → build. It owns the state every step shares, so
 * going Back keeps the reviewed tools, and Continue goes forward again without drafting anew.
 */
export function Wizard() {
  const [step, setStep] = useState<1 | 2 | 3>(1);
  const [input, setInput] = useState<DescribeInput>({
    name: '',
    slug: '',
    slugTouched: false,
    mode: 'prompt',
    prompt: '',
    openapi: '',
    focus: '',
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tools, setTools] = useState<Tool[]>([]);
  /** Which tool's editor is open: an index, a new tool, or none. */
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [stashes, setStashes] = useState<Record<string, SignInStash>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ serverId: string; buildId: string } | null>(null);
  const slugCheck = useSlugCheck(input.slug);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  const { name, slug, slugTouched } = input;
  useEffect(() => {
    if (!slugTouched) setInput((i) => ({ ...i, slug: slugify(name) }));
  }, [name, slugTouched]);

  // Each new step: focus its heading, so keyboard and screen-reader users start there (the live
  // region below says which step it is).
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of step is what triggers it
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  function checkNameAndSlug(): Record<string, string> {
    const local: Record<string, string> = {};
    if (!input.name.trim()) local.name = 'Give the server a name.';
    const sp = slugProblem(input.slug);
    if (sp) local.slug = sp;
    return local;
  }

  async function requestDraft(promptText = input.prompt) {
    setError(null);
    setFieldErrors({});
    const local = checkNameAndSlug();
    if (input.mode === 'prompt' && promptText.trim().length < 3)
      local.prompt = 'Describe what the server should do, or start blank.';
    if (input.mode === 'openapi' && !input.openapi.trim())
      local.openapi = 'Paste, upload or fetch an OpenAPI document.';
    if (Object.keys(local).length) return setFieldErrors(local);
    setBusy('Drafting your tools…');
    try {
      const body: PreviewBody = {
        prompt:
          (input.mode === 'openapi' ? input.focus.trim() : promptText.trim()) || `Tools for the ${name} API`,
        name: name.trim(),
        slug,
      };
      if (input.mode === 'openapi') {
        body.openapi = input.openapi;
        if (input.focus.trim()) body.focus = input.focus.trim();
      }
      const d = toDraft((await ok(api.POST('/v1/servers/preview', { body }))).draft);
      setDraft(d);
      if (d.spec) {
        setTools(d.spec.tools);
        setEditing(null);
        setSecrets({});
        setStashes({});
        setStep(2);
      }
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        if (err.status === 409 || err.problem.code?.startsWith('slug')) fields.slug = err.message;
        if (err.problem.code?.includes('openapi')) fields.openapi = err.message;
        setFieldErrors(fields);
        if (Object.keys(fields).length) return;
      }
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  /** No template fits, or the person wants their own: step 2 with no tools and the editor open. */
  function startBlank() {
    setError(null);
    const local = checkNameAndSlug();
    setFieldErrors(local);
    if (Object.keys(local).length) return;
    const description = (input.mode === 'prompt' ? input.prompt.trim() : '') || `${name.trim()} tools`;
    setDraft({
      spec: { name: name.trim(), slug, description: description.slice(0, 2000), secrets: [], tools: [] },
      source: 'blank',
      notes: [],
    });
    setTools([]);
    setSecrets({});
    setStashes({});
    setEditing('new');
    setStep(2);
  }

  async function create() {
    if (!draft?.spec) return;
    if (editing !== null) return setError('Save or cancel the tool you are editing first.');
    if (tools.length === 0) return setError('A server needs at least one tool. Add one above.');
    const missing = draft.spec.secrets.filter((s) => s.required && !secrets[s.name]?.trim());
    if (missing.length) return setError(`Enter ${missing.map((s) => s.name).join(', ')} (required).`);
    setError(null);
    setBusy('Creating the server…');
    try {
      const spec = { ...draft.spec, name: name.trim(), slug, tools };
      const secretValues = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v.trim() !== ''));
      const result = await ok(
        api.POST('/v1/servers', {
          body: {
            name: name.trim(),
            slug,
            description: String(draft.spec.description ?? ''),
            spec,
            secrets: secretValues,
          },
        }),
      );
      setCreated({ serverId: result.server.id, buildId: result.build.id });
      setStep(3);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError && err.problem.code?.includes('slug')) {
        setFieldErrors({ slug: err.message });
        setStep(1);
      }
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <PageHead
        title="New MCP server"
        description="Three steps: describe it, review the tools, watch it build."
      />
      <Steps step={step} />
      <p className="sr-only" aria-live="polite" data-testid="step-announcement">
        {`Step ${step} of 3: ${STEP_NAMES[step - 1]}`}
      </p>
      <h2 className="step-heading" ref={heading} tabIndex={-1} data-testid="step-heading">
        <span className="muted">Step {step} of 3: </span>
        {HEADINGS[step - 1]}
      </h2>
      {error && step !== 2 && <Alert tone="error">{error}</Alert>}

      {step === 1 && (
        <StepDescribe
          input={input}
          onChange={(patch) => setInput((i) => ({ ...i, ...patch }))}
          fieldErrors={fieldErrors}
          setFieldErrors={setFieldErrors}
          slugCheck={slugCheck}
          draft={draft}
          toolCount={draft?.spec ? tools.length : null}
          busy={busy}
          onDraft={(p) => void requestDraft(p)}
          onStartBlank={startBlank}
          onContinue={() => {
            const local = checkNameAndSlug();
            setFieldErrors(local);
            if (!Object.keys(local).length) setStep(2);
          }}
        />
      )}

      {step === 2 && draft?.spec && (
        <StepReview
          name={name}
          slug={slug}
          draft={draft as Draft & { spec: NonNullable<Draft['spec']> }}
          setDraft={setDraft}
          tools={tools}
          setTools={setTools}
          editing={editing}
          setEditing={setEditing}
          secrets={secrets}
          setSecrets={setSecrets}
          stashes={stashes}
          setStashes={setStashes}
          error={error}
          setError={setError}
          busy={busy}
          onBack={() => {
            setError(null);
            setStep(1);
          }}
          onCreate={() => void create()}
        />
      )}

      {step === 3 && created && <StepBuild serverId={created.serverId} buildId={created.buildId} />}
    </>
  );
}
