'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { BuildLog } from '@/components/build-log';
import { CopyField } from '@/components/client';
import { Snippets } from '@/components/snippets';
import { Alert, Card, LinkButton } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';
import type { InstallSnippet } from '@/lib/types';

/** Step 3: the live build log; on success, the URL and how to connect, focused and announced. */
export function StepBuild({ serverId, buildId }: { serverId: string; buildId: string }) {
  const [result, setResult] = useState<{ status: string } | null>(null);
  const [server, setServer] = useState<{ mcpUrl: string; installSnippets: InstallSnippet[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const live = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (result?.status !== 'succeeded') return;
    ok(api.GET('/v1/servers/{id}', { params: { path: { id: serverId } } }))
      .then((r) => setServer({ mcpUrl: r.server.mcpUrl, installSnippets: r.installSnippets }))
      .catch((err) => setError(errorMessage(err)));
  }, [result, serverId]);

  useEffect(() => {
    if (!server || !live.current) return;
    live.current.scrollIntoView({ block: 'start', behavior: 'smooth' });
    live.current.focus({ preventScroll: true });
  }, [server]);

  return (
    <div className="stack">
      <Card>
        <BuildLog buildId={buildId} onDone={(status) => setResult({ status })} />
      </Card>
      <p className="sr-only" role="status">
        {server
          ? 'Your server is live.'
          : result && result.status !== 'succeeded'
            ? `The build ${result.status}.`
            : ''}
      </p>
      {result && result.status !== 'succeeded' && (
        <Alert tone="error">
          The build {result.status}. Read the log above, then fix the tools on the{' '}
          <Link href={`/servers/${serverId}`}>server page</Link> and build again.
        </Alert>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {server && (
        <Card data-testid="connect">
          <h2 ref={live} tabIndex={-1} className="step-heading">
            Your server is live
          </h2>
          <p className="label">MCP URL</p>
          <CopyField value={server.mcpUrl} />
          <h3 style={{ marginTop: 20 }}>Connect a client</h3>
          <Snippets snippets={server.installSnippets} />
          <div style={{ marginTop: 16 }}>
            <LinkButton href={`/servers/${serverId}`}>Open the server page</LinkButton>
          </div>
        </Card>
      )}
    </div>
  );
}
