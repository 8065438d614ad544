'use client';

import { useEffect, useState } from 'react';
import { BuildLog } from '@/components/build-log';
import { Alert, Button, formatDate, Pill, Spinner, statusTone, Table } from '@/components/ui';
import { type Answer, api, errorMessage, ok } from '@/lib/api';
import type { Build } from '@/lib/types';
import { useApi } from '@/lib/use-api';

type Line = Answer<'/v1/builds/{id}/logs'>['lines'][number];

function duration(b: Build): string {
  if (!b.startedAt || !b.finishedAt) return '—';
  const ms = new Date(b.finishedAt).getTime() - new Date(b.startedAt).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function StoredLog({ buildId }: { buildId: string }) {
  const [lines, setLines] = useState<Line[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    ok(api.GET('/v1/builds/{id}/logs', { params: { path: { id: buildId }, query: { limit: 5000 } } }))
      .then((r) => setLines(r.lines))
      .catch((err) => setError(errorMessage(err)));
  }, [buildId]);
  if (error) return <Alert tone="error">{error}</Alert>;
  if (!lines) return <Spinner label="Loading the log" />;
  return (
    <div className="log" role="log" aria-label="Build log">
      {lines.length === 0 && <span className="ts">No log lines.</span>}
      {lines.map((l) => (
        <div key={l.seq} className={`lvl-${l.level}`}>
          <span className="ts">{new Date(l.ts).toISOString().slice(11, 19)} </span>
          {l.step && <span className="step-tag">[{l.step}] </span>}
          {l.message}
        </div>
      ))}
    </div>
  );
}

export function Builds({ serverId }: { serverId: string }) {
  const { data, error, loading, reload } = useApi('/v1/servers/{id}/builds', { path: { id: serverId } });
  const [open, setOpen] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  if (loading && !data) return <Spinner label="Loading builds" />;
  if (!data) return <Alert tone="error">{errorMessage(error)}</Alert>;
  const selected = data.builds.find((b) => b.id === open);
  return (
    <div className="stack">
      {actionError && <Alert tone="error">{actionError}</Alert>}
      <Table caption="Builds">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {data.builds.map((b) => (
            <tr key={b.id}>
              <td>v{b.version}</td>
              <td>
                <Pill tone={statusTone(b.status)}>{b.status}</Pill>
                {b.error && <div className="small field-error">{b.error}</div>}
              </td>
              <td className="small">{formatDate(b.startedAt ?? b.createdAt)}</td>
              <td className="small">{duration(b)}</td>
              <td className="row">
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => setOpen(open === b.id ? null : b.id)}
                  aria-expanded={open === b.id}
                >
                  {open === b.id ? 'Hide log' : 'Show log'}
                </Button>
                {(b.status === 'queued' || b.status === 'running') && (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={async () => {
                      try {
                        await ok(api.POST('/v1/builds/{id}/cancel', { params: { path: { id: b.id } } }));
                        await reload();
                      } catch (err) {
                        setActionError(errorMessage(err));
                      }
                    }}
                  >
                    Cancel
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {selected &&
        (selected.status === 'queued' || selected.status === 'running' ? (
          <BuildLog buildId={selected.id} onDone={() => void reload()} />
        ) : (
          <StoredLog buildId={selected.id} />
        ))}
    </div>
  );
}
