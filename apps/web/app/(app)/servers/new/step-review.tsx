'use client';

import type { Dispatch, SetStateAction } from 'react';
import { type Tool, ToolEditor, ToolSummary } from '@/components/tool-editor';
import { Alert, Button, Card, Input, Pill, Spinner } from '@/components/ui';
import { type SignInStash, switchToPersonalToken, switchToSignIn } from '@/lib/upstream-switch';
import { SignInCard } from './sign-in-card';
import { type Draft, SOURCE_LABEL, type Spec } from './types';

/** Step 2: what was drafted and what it leaves out, each tool as a form, sign-in and credentials. */
export function StepReview({
  name,
  slug,
  draft,
  setDraft,
  tools,
  setTools,
  editing,
  setEditing,
  secrets,
  setSecrets,
  stashes,
  setStashes,
  error,
  setError,
  busy,
  onBack,
  onCreate,
}: {
  name: string;
  slug: string;
  draft: Draft & { spec: Spec };
  setDraft: (d: Draft) => void;
  tools: Tool[];
  setTools: Dispatch<SetStateAction<Tool[]>>;
  editing: number | 'new' | null;
  setEditing: (e: number | 'new' | null) => void;
  secrets: Record<string, string>;
  setSecrets: Dispatch<SetStateAction<Record<string, string>>>;
  stashes: Record<string, SignInStash>;
  setStashes: Dispatch<SetStateAction<Record<string, SignInStash>>>;
  error: string | null;
  setError: (e: string | null) => void;
  busy: string | null;
  onBack: () => void;
  onCreate: () => void;
}) {
  const spec = draft.spec;
  /** The spec a tool is checked in: everything but that tool. */
  const context = (without: number | null) => ({
    ...spec,
    name: name.trim() || spec.name,
    slug,
    tools: tools.filter((_, j) => j !== without),
  });
  const notes = draft.notes.filter((n) => !n.startsWith('Not covered by this draft'));
  return (
    <div className="stack">
      <Card>
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h3 style={{ margin: 0 }}>
            {name} <span className="muted small mono">/{slug}</span>
          </h3>
          <Pill tone="accent">{SOURCE_LABEL[draft.source]}</Pill>
        </div>
        {spec.description && <p className="muted">{spec.description}</p>}
        {draft.uncovered?.length ? (
          <Alert tone="warn">
            <span data-testid="uncovered">
              <strong>This draft does not cover everything you asked for.</strong> Missing:{' '}
              {draft.uncovered.map((u, i) => (
                <span key={u}>
                  {i > 0 ? (i === draft.uncovered!.length - 1 ? ' and ' : ', ') : ''}“{u}”
                </span>
              ))}
              . Add a tool for each below, or go Back and describe it differently.
            </span>
          </Alert>
        ) : null}
        {notes.length > 0 && (
          <ul className="small muted">
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <div className="row" style={{ justifyContent: 'space-between', marginBottom: 12 }}>
          <h3 style={{ margin: 0 }}>Tools ({tools.length})</h3>
          <Button size="sm" variant="secondary" disabled={editing !== null} onClick={() => setEditing('new')}>
            Add a tool
          </Button>
        </div>
        <div className="stack">
          {tools.map((tool, i) =>
            editing === i ? (
              <ToolEditor
                // Names are unique in a valid list; the sign-in switch is off while an editor is open.
                key={`edit-${tool.name}`}
                tool={tool}
                context={context(i)}
                onSave={(saved) => {
                  setTools((all) => all.map((t, j) => (j === i ? saved : t)));
                  setEditing(null);
                }}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <ToolSummary
                key={tool.name}
                tool={tool}
                disabled={editing !== null}
                onEdit={() => setEditing(i)}
                onRemove={() => setTools((all) => all.filter((_, j) => j !== i))}
              />
            ),
          )}
          {editing === 'new' && (
            <ToolEditor
              key="new"
              tool={null}
              context={context(null)}
              saveLabel="Add this tool"
              onSave={(saved) => {
                setTools((all) => [...all, saved]);
                setEditing(null);
              }}
              onCancel={() => setEditing(null)}
            />
          )}
          {tools.length === 0 && editing === null && (
            <p className="muted">No tools yet. Add one to continue.</p>
          )}
        </div>
      </Card>
      {((spec.upstreams?.length ?? 0) > 0 || Object.keys(stashes).length > 0) && (
        <SignInCard
          upstreams={spec.upstreams ?? []}
          tools={tools}
          options={draft.personalTokens ?? []}
          stashes={stashes}
          editing={editing !== null}
          onPersonalToken={(option) => {
            try {
              const next = switchToPersonalToken(spec, tools, option);
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
            const next = switchToSignIn(spec, tools, stash);
            setDraft({ ...draft, spec: next.spec as Spec });
            setTools(next.tools);
            setStashes(({ [id]: _gone, ...rest }) => rest);
            setSecrets(({ [stash.option.secret.name]: _typed, ...rest }) => rest);
          }}
        />
      )}
      <Card>
        <h3>Credentials</h3>
        {spec.secrets.length === 0 ? (
          <p className="muted" style={{ margin: 0 }} data-testid="no-credentials">
            No credentials needed.
          </p>
        ) : (
          <>
            <p className="muted small">
              Encrypted at rest and never shown again. You can replace them later on the server page.
            </p>
            {spec.secrets.map((s) => (
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
        <Button variant="secondary" onClick={onBack}>
          Back
        </Button>
        <Button onClick={onCreate} disabled={busy !== null}>
          Create and build
        </Button>
        {busy && <Spinner label={busy.replace(/…$/, '')} />}
      </div>
    </div>
  );
}
