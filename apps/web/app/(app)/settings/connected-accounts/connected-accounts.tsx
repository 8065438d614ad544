'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Alert, Button, Card, formatDate, PageHead, Pill, Spinner, Table } from '@/components/ui';
import { type Answer, api, errorMessage, ok } from '@/lib/api';
import { useApi } from '@/lib/use-api';

/** `GET /v1/me/connected-accounts`: the caller's own upstream sign-ins, never any token. */
export type ConnectedAccount = Answer<'/v1/me/connected-accounts'>['items'][number];

export function ConnectedAccounts() {
  const { data, error, loading, reload } = useApi('/v1/me/connected-accounts');
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function disconnect(account: ConnectedAccount) {
    const who = account.accountLabel ? ` (${account.accountLabel})` : '';
    if (
      !window.confirm(
        `Disconnect ${account.upstreamName}${who} from ${account.serverName}? Its tools stop acting as you until you sign in again.`,
      )
    )
      return;
    setBusy(account.id);
    setMessage(null);
    setActionError(null);
    try {
      await ok(api.DELETE('/v1/me/connected-accounts/{id}', { params: { path: { id: account.id } } }));
      setMessage(`Disconnected ${account.upstreamName} from ${account.serverName}.`);
      await reload();
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <PageHead
        title="Connected accounts"
        description={
          <>
            Providers you signed in to through hosted servers. Their tools act as you there.{' '}
            <Link href="/settings">Back to settings</Link>
          </>
        }
      />
      <Card>
        {loading && !data && <Spinner label="Loading your connected accounts" />}
        {!data && !loading && <Alert tone="error">{errorMessage(error)}</Alert>}
        {message && <Alert tone="ok">{message}</Alert>}
        {actionError && <Alert tone="error">{actionError}</Alert>}
        {data && data.items.length === 0 && (
          <p className="muted" style={{ margin: 0 }} data-testid="no-connected-accounts">
            You have not signed in to any provider through a hosted server yet. When an MCP client connects to
            a server with upstream sign-in, you sign in once on the consent page and the account shows up
            here.
          </p>
        )}
        {data && data.items.length > 0 && (
          <Table caption="Connected accounts" stacked>
            <thead>
              <tr>
                <th scope="col">Server</th>
                <th scope="col">Provider</th>
                <th scope="col">Account</th>
                <th scope="col">Scopes</th>
                <th scope="col">Connected</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((a) => (
                <tr key={a.id} data-testid={`connected-${a.serverSlug}-${a.upstreamId}`}>
                  <td data-label="Server">
                    <Link href={`/servers/${a.serverId}`}>{a.serverName}</Link>
                    <div className="small muted mono">{a.serverSlug}</div>
                  </td>
                  <td data-label="Provider">
                    {a.upstreamName}
                    {a.preset && a.preset !== a.upstreamId ? (
                      <>
                        {' '}
                        <Pill>{a.preset}</Pill>
                      </>
                    ) : null}
                  </td>
                  <td data-label="Account">{a.accountLabel ?? <span className="muted">—</span>}</td>
                  <td data-label="Scopes">
                    <div className="row" style={{ gap: 4 }}>
                      {a.scopes.length ? (
                        a.scopes.map((s) => <Pill key={s}>{s}</Pill>)
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </div>
                  </td>
                  <td data-label="Connected" className="small">
                    {formatDate(a.connectedAt)}
                    {a.revokedAt ? (
                      <div>
                        <Pill tone="warn">sign in again</Pill>
                      </div>
                    ) : null}
                  </td>
                  <td data-label="Actions">
                    <Button
                      size="sm"
                      variant="danger"
                      disabled={busy !== null}
                      onClick={() => void disconnect(a)}
                      aria-label={`Disconnect ${a.upstreamName} from ${a.serverName}`}
                    >
                      {busy === a.id ? 'Disconnecting…' : 'Disconnect'}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <p className="small muted" style={{ marginBottom: 0 }}>
          Disconnecting revokes the sign-in at the provider where it supports revocation and deletes the
          stored tokens. The server asks you to sign in again the next time one of its tools needs the
          account.
        </p>
      </Card>
    </>
  );
}
