'use client';

import { Alert, Pill, Spinner, Table, timeAgo } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useApi } from '@/lib/use-api';

/** The server's latest tool calls as the runner recorded them (arguments are never stored). */
export function RecentCalls({ serverId }: { serverId: string }) {
  const { data, error, loading } = useApi('/v1/servers/{id}/calls', {
    path: { id: serverId },
    query: { limit: 20 },
  });
  if (loading && !data) return <Spinner label="Loading recent tool calls" />;
  if (!data) return <Alert tone="error">{errorMessage(error)}</Alert>;
  if (data.calls.length === 0)
    return <p className="muted">No tool calls yet. They appear here as soon as a client calls a tool.</p>;
  // The trace column appears when the runner traces (OTEL_EXPORTER_OTLP_ENDPOINT): search your
  // tracing backend for the id.
  const traced = data.calls.some((c) => c.traceId);
  return (
    <Table caption="Recent tool calls" stacked>
      <thead>
        <tr>
          <th scope="col">Tool</th>
          <th scope="col">Status</th>
          <th scope="col">Duration</th>
          <th scope="col">Client</th>
          <th scope="col">When</th>
          {traced && <th scope="col">Trace</th>}
        </tr>
      </thead>
      <tbody>
        {data.calls.map((c) => (
          <tr key={c.id} data-testid="call-row">
            <td className="mono" data-label="Tool">
              {c.tool}
            </td>
            <td data-label="Status">
              <Pill tone={c.status === 'ok' ? 'ok' : 'danger'}>{c.status}</Pill>
              {c.status !== 'ok' && (
                <div className="small field-error call-error" data-testid="call-error">
                  {c.error ?? 'No reason was recorded for this call.'}
                </div>
              )}
            </td>
            <td data-label="Duration">{c.durationMs.toLocaleString('en')} ms</td>
            <td className="small" data-label="Client" title={c.clientId ?? undefined}>
              {c.clientName ??
                (c.clientId === null ? (
                  '—'
                ) : (
                  <span className="muted">
                    a removed client (
                    <span className="mono">
                      {c.clientId.length > 16 ? `${c.clientId.slice(0, 16)}…` : c.clientId}
                    </span>
                    )
                  </span>
                ))}
            </td>
            <td className="small" data-label="When" title={c.createdAt}>
              {timeAgo(c.createdAt)}
            </td>
            {traced && (
              <td
                className="mono small"
                data-label="Trace"
                title="Trace id: search for it in your tracing backend"
              >
                {c.traceId ?? '—'}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
