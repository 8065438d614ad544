'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Tabs } from '@/components/client';
import { CallHistory } from '@/components/playground/call-history';
import { ConnectorStatus } from '@/components/playground/connector-status';
import { ToolRunner } from '@/components/playground/tool-runner';
import { Alert, Card, LinkButton, PageHead, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import type { CallDetail, Connector } from '@/lib/connectors';
import { useApi } from '@/lib/use-api';
import { ChatPanel } from './chat';

/** Call the tools of any of your connectors and read what they answer; your last calls stay at hand. */
export function Playground({ initialConnector }: { initialConnector: string | null }) {
  const router = useRouter();
  const { data, loading, error, setData } = useApi('/v1/connectors');
  const [chosen, setChosen] = useState<string | null>(initialConnector);
  const [reopen, setReopen] = useState<CallDetail | null>(null);
  const [calls, setCalls] = useState(0);

  const connectors = data?.connectors ?? [];
  const connector = connectors.find((c) => c.id === chosen) ?? connectors[0] ?? null;

  function choose(id: string) {
    setChosen(id);
    setReopen(null);
    router.replace(`/playground?connector=${encodeURIComponent(id)}`, { scroll: false });
  }

  function updateConnector(next: Connector) {
    setData({ connectors: connectors.map((c) => (c.id === next.id ? next : c)) });
  }

  function openCall(call: CallDetail) {
    if (call.connectorId !== connector?.id) choose(call.connectorId);
    setReopen(call);
  }

  const head = (
    <PageHead
      title="Playground"
      description={
        <>
          Call the tools of your <Link href="/connectors">connectors</Link> and read what they answer. To try
          one of your own servers, open it and use its Try it tab.
        </>
      }
    />
  );
  if (loading && !data)
    return (
      <>
        {head}
        <Spinner />
      </>
    );
  if (!data)
    return (
      <>
        {head}
        <Alert tone="error">{errorMessage(error)}</Alert>
      </>
    );
  if (!connector)
    return (
      <>
        {head}
        <Card className="empty">
          <h2>No connectors yet</h2>
          <p>Add a remote MCP server on the Connectors page, or open one of your servers and try it.</p>
          <div className="row" style={{ justifyContent: 'center' }}>
            <LinkButton href="/connectors">Add a connector</LinkButton>
            <LinkButton href="/dashboard" variant="secondary">
              Your servers
            </LinkButton>
          </div>
        </Card>
      </>
    );

  return (
    <>
      {head}
      <Card style={{ marginBottom: 16 }}>
        <div className="row" style={{ alignItems: 'flex-end' }}>
          <div className="field" style={{ flex: 1, minWidth: 240, marginBottom: 0 }}>
            <label htmlFor="playground-connector">Connector</label>
            <select
              id="playground-connector"
              className="select"
              value={connector.id}
              onChange={(e) => choose(e.target.value)}
            >
              {connectors.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <ConnectorStatus connector={connector} />
        </div>
        <p className="small muted" style={{ margin: '8px 0 0' }}>
          <span className="mono">{connector.url}</span>
        </p>
      </Card>
      <Tabs
        label="Playground modes"
        items={[
          {
            id: 'tools',
            label: 'Tools',
            content: (
              <div className="playground-grid">
                <ToolRunner
                  key={connector.id}
                  connector={connector}
                  onConnectorChange={updateConnector}
                  reopen={reopen?.connectorId === connector.id ? reopen : null}
                  onCalled={() => setCalls((n) => n + 1)}
                />
                <CallHistory version={calls} onOpen={openCall} />
              </div>
            ),
          },
          { id: 'chat', label: 'Chat', content: <ChatPanel key={connector.id} connector={connector} /> },
        ]}
      />
    </>
  );
}
