'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useId, useState } from 'react';
import { ConfirmDialog, queueToast } from '@/components/dialog';
import { Alert, Button, Card, Field, Input } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';
import type { Role, ServerSummary } from '@/lib/types';

export function Manage({
  server,
  role,
  onChange,
}: {
  server: ServerSummary;
  role: Role;
  onChange: () => Promise<void>;
}) {
  const router = useRouter();
  const ids = useId();
  const [visibility, setVisibility] = useState(server.visibility);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState('');
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [deleting, setDeleting] = useState(false);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const allowlist = String(form.get('allowlist') ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    setSaved(null);
    setError(null);
    try {
      await ok(
        api.PATCH('/v1/servers/{id}', {
          params: { path: { id: server.id } },
          body: {
            name: String(form.get('name') ?? '').trim(),
            description: String(form.get('description') ?? ''),
            visibility,
            ...(visibility === 'allowlist' ? { allowlist } : {}),
          },
        }),
      );
      setSaved('Saved.');
      await onChange();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function remove() {
    setDeleteError(null);
    setDeleting(true);
    try {
      await ok(api.DELETE('/v1/servers/{id}', { params: { path: { id: server.id } } }));
      queueToast(`Deleted ${server.name}. Its slug “${server.slug}” stays reserved.`);
      router.push('/dashboard');
    } catch (err) {
      setDeleteError(errorMessage(err));
      setDeleting(false);
    }
  }

  return (
    <div className="stack">
      <Card>
        <h2>Details and access</h2>
        {error && <Alert tone="error">{error}</Alert>}
        {saved && <Alert tone="ok">{saved}</Alert>}
        <form onSubmit={save}>
          <Input label="Name" name="name" defaultValue={server.name} required maxLength={80} />
          <Field label="Description" id={`${ids}-desc`}>
            <textarea
              id={`${ids}-desc`}
              name="description"
              className="textarea"
              defaultValue={server.description}
              maxLength={2000}
            />
          </Field>
          <fieldset className="field" style={{ border: 0, padding: 0 }}>
            <legend className="label">Who may connect with OAuth</legend>
            {(
              [
                ['org', 'Members of this organization'],
                ['public', 'Any signed-in user'],
                ['allowlist', 'Only these email addresses'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="row">
                <input
                  type="radio"
                  name="visibility"
                  value={value}
                  checked={visibility === value}
                  onChange={() => setVisibility(value)}
                />{' '}
                {label}
              </label>
            ))}
          </fieldset>
          {visibility === 'allowlist' && (
            <Field label="Allowed emails" id={`${ids}-allow`} hint="One per line or comma-separated.">
              <textarea
                id={`${ids}-allow`}
                name="allowlist"
                className="textarea"
                defaultValue={server.allowlist.join('\n')}
              />
            </Field>
          )}
          <Button type="submit">Save</Button>
        </form>
      </Card>
      <Card>
        <h2>Export</h2>
        <p className="muted">
          Download the live version as a standalone TypeScript project using the MCP SDK — run it anywhere,
          without this platform.
        </p>
        <a className="btn btn-secondary" href={`/v1/servers/${server.id}/export`} download>
          Download .tar.gz
        </a>
      </Card>
      {role !== 'member' && (
        <Card>
          <h2>Delete this server</h2>
          <p className="muted">
            The runner stops serving it at once and every connected client loses access. The slug stays
            reserved. This cannot be undone.
          </p>
          <Button
            variant="danger"
            onClick={() => {
              setConfirm('');
              setDeleteError(null);
              setAsking(true);
            }}
          >
            Delete {server.name}…
          </Button>
          <ConfirmDialog
            open={asking}
            title={`Delete ${server.name}?`}
            confirmLabel={`Delete ${server.name}`}
            tone="danger"
            confirmDisabled={confirm !== server.slug}
            busy={deleting}
            onCancel={() => setAsking(false)}
            onConfirm={() => void remove()}
          >
            <p>Every connected client loses access at once. This cannot be undone.</p>
            {deleteError && <Alert tone="error">{deleteError}</Alert>}
            <Input
              label={`Type the slug “${server.slug}” to confirm`}
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          </ConfirmDialog>
        </Card>
      )}
    </div>
  );
}
