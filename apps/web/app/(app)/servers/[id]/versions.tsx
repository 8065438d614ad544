'use client';

import { useId, useState } from 'react';
import { BuildLog } from '@/components/build-log';
import { ConfirmDialog } from '@/components/dialog';
import { Alert, Button, Card, formatDate, Pill, Table } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';
import type { ServerSummary, ServerVersion } from '@/lib/types';

export function Versions({
  server,
  versions,
  spec,
  onChange,
}: {
  server: ServerSummary;
  versions: ServerVersion[];
  spec: Record<string, any> | null;
  onChange: () => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [build, setBuild] = useState<string | null>(null);
  const [asking, setAsking] = useState<number | null>(null);
  const id = useId();

  const current = versions.find((v) => v.current)?.version ?? null;
  let parseError: string | null = null;
  if (editing) {
    try {
      const value = JSON.parse(text);
      if (typeof value !== 'object' || value === null || !Array.isArray(value.tools))
        parseError = 'A spec is an object with a "tools" list.';
    } catch (err) {
      parseError = `Not valid JSON: ${(err as Error).message}`;
    }
  }

  async function rollback(version: number) {
    setAsking(null);
    setError(null);
    try {
      await ok(
        api.POST('/v1/servers/{id}/rollback', { params: { path: { id: server.id } }, body: { version } }),
      );
      setMessage(`Version ${version} is live.`);
      await onChange();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function saveSpec() {
    setError(null);
    try {
      const r = await ok(
        api.PUT('/v1/servers/{id}/spec', {
          params: { path: { id: server.id } },
          body: { spec: JSON.parse(text) },
        }),
      );
      setEditing(false);
      setBuild(r.build.id);
      setMessage('New version stored; building it now.');
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div className="stack">
      {error && <Alert tone="error">{error}</Alert>}
      {message && <Alert tone="ok">{message}</Alert>}
      {build && (
        <Card>
          <BuildLog buildId={build} onDone={() => void onChange()} />
        </Card>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={`Serve version ${asking ?? ''}?`}
        confirmLabel={`Serve v${asking ?? ''}`}
        onCancel={() => setAsking(null)}
        onConfirm={() => asking !== null && void rollback(asking)}
      >
        <p>
          Clients switch to version {asking} within a second
          {current !== null ? `; version ${current} stays available to switch back to` : ''}.
        </p>
      </ConfirmDialog>
      <Table caption="Versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
            <th scope="col">Spec hash</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td>
                v{v.version} {v.current && <Pill tone="ok">live</Pill>}
              </td>
              <td className="small">
                {v.publishedAt ? formatDate(v.publishedAt) : <Pill>not published</Pill>}
              </td>
              <td className="mono">{v.specHash ? v.specHash.replace(/^sha256:/, '').slice(0, 12) : '—'}</td>
              <td>
                {!v.current && v.publishedAt && (
                  <Button size="sm" variant="secondary" onClick={() => setAsking(v.version)}>
                    {current !== null && v.version > current ? 'Switch to' : 'Roll back to'} v{v.version}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Card>
        <h2>Change the spec</h2>
        <p className="muted small">
          Saving stores a new version and builds it; the live version keeps serving until the build succeeds.
        </p>
        {!editing ? (
          <Button
            variant="secondary"
            disabled={!spec}
            onClick={() => {
              setText(JSON.stringify(spec, null, 2));
              setEditing(true);
            }}
          >
            Edit the spec as JSON
          </Button>
        ) : (
          <>
            <label className="label" htmlFor={`${id}-spec`}>
              Server spec
            </label>
            <textarea
              id={`${id}-spec`}
              className="textarea code"
              style={{ minHeight: 360 }}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={parseError ? true : undefined}
            />
            <p className={parseError ? 'field-error' : 'field-ok'} aria-live="polite">
              {parseError ?? 'Valid JSON; the API checks the spec when you save.'}
            </p>
            <div className="row">
              <Button onClick={() => void saveSpec()} disabled={parseError !== null}>
                Save and build
              </Button>
              <Button variant="secondary" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
