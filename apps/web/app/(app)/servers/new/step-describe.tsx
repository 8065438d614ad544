'use client';

import { type FormEvent, useId, useState } from 'react';
import { Alert, Button, Card, Field, Input, Spinner } from '@/components/ui';
import { ApiError, api, errorMessage, ok } from '@/lib/api';
import type { Draft } from './types';

export interface DescribeInput {
  name: string;
  slug: string;
  slugTouched: boolean;
  mode: 'prompt' | 'openapi';
  prompt: string;
  openapi: string;
  focus: string;
}

/** Step 1: name and slug, then a description or an OpenAPI document; or start blank. */
export function StepDescribe({
  input,
  onChange,
  fieldErrors,
  setFieldErrors,
  slugCheck,
  draft,
  toolCount,
  busy,
  onDraft,
  onStartBlank,
  onContinue,
}: {
  input: DescribeInput;
  onChange: (patch: Partial<DescribeInput>) => void;
  fieldErrors: Record<string, string>;
  setFieldErrors: (f: Record<string, string>) => void;
  slugCheck: { error: string | null; ok: string | null };
  draft: Draft | null;
  /** Tools already reviewed (coming Back from step 2), or null before any draft. */
  toolCount: number | null;
  busy: string | null;
  onDraft: (prompt?: string) => void;
  onStartBlank: () => void;
  onContinue: () => void;
}) {
  const ids = useId();
  const [url, setUrl] = useState('');
  const [fetching, setFetching] = useState(false);
  const [fetched, setFetched] = useState<string | null>(null);

  async function fetchUrl() {
    setFetched(null);
    setFieldErrors({ ...fieldErrors, openapiUrl: '' });
    setFetching(true);
    try {
      // The API fetches it (public addresses only, 10 s, 5 MB): browsers are stopped by CORS.
      const doc = await ok(api.POST('/v1/servers/preview/openapi-url', { body: { url: url.trim() } }));
      onChange({ openapi: doc.document });
      setFetched(
        `Fetched “${doc.title}” (${doc.version.startsWith('2') ? 'Swagger' : 'OpenAPI'} ${doc.version}, ${doc.operations} operation${doc.operations === 1 ? '' : 's'}).`,
      );
    } catch (err) {
      const message = err instanceof ApiError ? (err.fieldErrors().url ?? err.message) : errorMessage(err);
      setFieldErrors({ ...fieldErrors, openapiUrl: message });
    } finally {
      setFetching(false);
    }
  }

  const noMatch = draft && !draft.spec;
  return (
    <Card>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          onDraft();
        }}
        noValidate
      >
        <div className="grid-2">
          <Input
            label="Name"
            value={input.name}
            onChange={(e) => onChange({ name: e.target.value })}
            error={fieldErrors.name}
            placeholder="Calculator"
            hint="Shown in the dashboard and to people who connect."
            required
          />
          <Input
            label="Slug"
            value={input.slug}
            onChange={(e) => onChange({ slugTouched: true, slug: e.target.value.toLowerCase() })}
            error={fieldErrors.slug ?? slugCheck.error}
            ok={slugCheck.ok}
            hint="Part of the server's URL: …/<slug>/mcp"
            required
          />
        </div>
        <fieldset className="field plain-fieldset">
          <legend className="label">Start from</legend>
          <div className="row">
            <label className="row">
              <input
                type="radio"
                name="mode"
                checked={input.mode === 'prompt'}
                onChange={() => onChange({ mode: 'prompt' })}
              />{' '}
              A description
            </label>
            <label className="row">
              <input
                type="radio"
                name="mode"
                checked={input.mode === 'openapi'}
                onChange={() => onChange({ mode: 'openapi' })}
              />{' '}
              An OpenAPI document
            </label>
          </div>
        </fieldset>
        {input.mode === 'prompt' ? (
          <Field
            label="What should the server do?"
            id={`${ids}-prompt`}
            error={fieldErrors.prompt}
            hint="For example: “A calculator that evaluates arithmetic expressions” or “Look up the current weather for a city”."
          >
            <textarea
              id={`${ids}-prompt`}
              className="textarea"
              value={input.prompt}
              onChange={(e) => onChange({ prompt: e.target.value })}
              aria-invalid={fieldErrors.prompt ? true : undefined}
            />
          </Field>
        ) : (
          <>
            <Field
              label="OpenAPI document (JSON or YAML)"
              id={`${ids}-openapi`}
              error={fieldErrors.openapi}
              ok={fetched}
            >
              <textarea
                id={`${ids}-openapi`}
                className="textarea code"
                style={{ minHeight: 180 }}
                value={input.openapi}
                onChange={(e) => onChange({ openapi: e.target.value })}
                aria-invalid={fieldErrors.openapi ? true : undefined}
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
                    if (file) onChange({ openapi: await file.text() });
                  }}
                />
              </Field>
              <div>
                <Input
                  label="…or fetch it from a URL"
                  type="url"
                  value={url}
                  onChange={(e) => setUrl(e.target.value)}
                  error={fieldErrors.openapiUrl || null}
                  placeholder="https://api.example.com/openapi.json"
                  hint="Fetched by the platform from a public address."
                />
                <div className="row">
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => void fetchUrl()}
                    disabled={!url.trim() || fetching}
                  >
                    Fetch
                  </Button>
                  {fetching && <Spinner label="Fetching" />}
                </div>
              </div>
            </div>
            <Input
              label="Anything to focus on? (optional)"
              value={input.focus}
              onChange={(e) => onChange({ focus: e.target.value })}
              hint="Only operations that mention these words become tools, e.g. “issues and labels”."
            />
          </>
        )}
        {noMatch && (
          <Alert tone="warn">
            <p style={{ marginTop: 0 }}>
              <strong>Nothing matched that description yet.</strong>
            </p>
            {draft.notes.map((n) => (
              <p key={n}>{n}</p>
            ))}
            {draft.suggestions?.length ? (
              <div className="row">
                Related templates:
                {draft.suggestions.map((s) => (
                  <Button
                    key={s.id}
                    size="sm"
                    variant="secondary"
                    title={s.description}
                    onClick={() => {
                      onChange({ prompt: s.description });
                      onDraft(s.description);
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
          {toolCount !== null && (
            <Button onClick={onContinue} disabled={busy !== null}>
              Continue with your {toolCount} tool{toolCount === 1 ? '' : 's'}
            </Button>
          )}
          <Button
            type="submit"
            variant={toolCount !== null ? 'secondary' : 'primary'}
            disabled={busy !== null}
          >
            {toolCount !== null ? 'Draft again (replaces them)' : 'Draft the tools'}
          </Button>
          <Button variant={noMatch ? 'primary' : 'ghost'} onClick={onStartBlank} disabled={busy !== null}>
            Start blank and add tools
          </Button>
          {busy && <Spinner label={busy.replace(/…$/, '')} />}
        </div>
      </form>
    </Card>
  );
}
