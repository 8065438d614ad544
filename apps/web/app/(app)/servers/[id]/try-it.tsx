'use client';

import { useState } from 'react';
import { CallHistory } from '@/components/playground/call-history';
import { ToolRunner } from '@/components/playground/tool-runner';
import { Alert, Button, LinkButton, Spinner } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';
import { type CallDetail, type Connector, openSignInWindow, startSignIn } from '@/lib/connectors';
import type { ServerSummary } from '@/lib/types';
import { useApi } from '@/lib/use-api';

/**
 * Try a hosted server from its own page: one click makes (or finds) your connector to it and signs
 * in through this platform's consent page, like any MCP client would; then the playground's tool form.
 */
export function TryIt({ server }: { server: ServerSummary }) {
  const { data, error, loading } = useApi('/v1/connectors');
  const [made, setMade] = useState<Connector | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [calls, setCalls] = useState(0);
  const [reopen, setReopen] = useState<CallDetail | null>(null);

  // The api reuses the oldest OAuth connector to this URL; the list is newest first.
  const found =
    data?.connectors.filter((c) => c.authType === 'oauth' && c.url === server.mcpUrl).at(-1) ?? null;
  const connector = made ?? found;

  async function tryIt() {
    const popup = openSignInWindow(`try-${server.id}`);
    setBusy(true);
    setMessage(null);
    try {
      const res = await ok(api.POST('/v1/servers/{id}/try', { params: { path: { id: server.id } } }));
      setMade(res.connector);
      if (res.signInRequired) await startSignIn(res.connector.id, popup);
      else popup?.close();
    } catch (err) {
      popup?.close();
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (!server.currentVersion)
    return <p className="muted">You can try this server as soon as a version is live.</p>;
  if (loading && !data) return <Spinner />;
  if (error != null && !data) return <Alert tone="error">{errorMessage(error)}</Alert>;
  if (!connector)
    return (
      <div className="stack">
        {message && <Alert tone="error">{message}</Alert>}
        <p style={{ margin: 0 }}>
          Call this server’s tools from here. One click makes a connector of your own to{' '}
          <span className="mono">{server.mcpUrl}</span> and opens the sign-in and consent any MCP client goes
          through.
        </p>
        <div className="row">
          <Button onClick={() => void tryIt()} disabled={busy}>
            {busy ? 'Opening…' : 'Try it'}
          </Button>
        </div>
      </div>
    );
  return (
    <div className="stack try-it">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span className="small muted">
          As you, through your connector <strong>{connector.name}</strong>.
        </span>
        <LinkButton size="sm" variant="secondary" href={`/playground?connector=${connector.id}`}>
          Open in playground
        </LinkButton>
      </div>
      <div className="playground-grid">
        <ToolRunner
          connector={connector}
          onConnectorChange={setMade}
          reopen={reopen}
          onCalled={() => setCalls((n) => n + 1)}
        />
        <CallHistory version={calls} connectorId={connector.id} onOpen={setReopen} />
      </div>
    </div>
  );
}
