'use client';

import { useState } from 'react';
import { Alert, Button, Pill, Spinner, Table, timeAgo } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';
import { useApi } from '@/lib/use-api';

export function Clients({ serverId, canRevoke }: { serverId: string; canRevoke: boolean }) {
  const { data, error, loading, reload } = useApi('/v1/servers/{id}/clients', { path: { id: serverId } });
  const [actionError, setActionError] = useState<string | null>(null);
  if (loading && !data) return <Spinner label="Loading clients" />;
  if (!data) return <Alert tone="error">{errorMessage(error)}</Alert>;
  if (data.clients.length === 0)
    return (
      <p className="muted">
        No client is connected yet. Add the MCP URL to a client; it appears here once someone approves it.
      </p>
    );
  return (
    <div className="stack">
      {actionError && <Alert tone="error">{actionError}</Alert>}
      <Table caption="Connected clients">
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Redirects to</th>
            <th scope="col">Approved by</th>
            <th scope="col">Scopes</th>
            <th scope="col">Last used</th>
            {canRevoke && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {data.clients.map((c) => (
            <tr key={c.grantId} data-testid="client-row">
              <td>
                <strong>{c.clientName}</strong>
                <div className="mono muted">
                  {c.clientId.length > 40 ? `${c.clientId.slice(0, 40)}…` : c.clientId}
                </div>
              </td>
              <td>{c.redirectHost ?? '—'}</td>
              <td className="small">{c.userEmail}</td>
              <td>
                {c.scopes.map((s) => (
                  <Pill key={s}>{s}</Pill>
                ))}
              </td>
              <td className="small">{timeAgo(c.lastUsedAt)}</td>
              {canRevoke && (
                <td>
                  <Button
                    size="sm"
                    variant="danger"
                    onClick={async () => {
                      if (!window.confirm(`Disconnect ${c.clientName}? Its tokens stop working at once.`))
                        return;
                      setActionError(null);
                      try {
                        await ok(
                          api.DELETE('/v1/servers/{id}/clients/{grantId}', {
                            params: { path: { id: serverId, grantId: c.grantId } },
                          }),
                        );
                        await reload();
                      } catch (err) {
                        setActionError(errorMessage(err));
                      }
                    }}
                  >
                    Revoke
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
