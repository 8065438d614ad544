'use client';

import Link from 'next/link';
import { useMe } from '@/components/app-shell';
import { BuildLog } from '@/components/build-log';
import { CopyField, Tabs } from '@/components/client';
import { Snippets } from '@/components/snippets';
import { Alert, Card, PageHead, Pill, Spinner, statusTone } from '@/components/ui';
import { ApiError, errorMessage } from '@/lib/api';
import { useApi } from '@/lib/use-api';
import { Builds } from './builds';
import { Clients } from './clients';
import { Manage } from './manage';
import { Secrets } from './secrets';
import { Tools } from './tools';
import { TryIt } from './try-it';
import { UpstreamSignIn } from './upstream-sign-in';
import { Usage } from './usage';
import { Versions } from './versions';

export function ServerPage({ id }: { id: string }) {
  const { activeOrg } = useMe();
  const { data, error, loading, reload } = useApi('/v1/servers/{id}', { path: { id } });
  if (loading && !data) return <Spinner label="Loading the server" />;
  if (!data) {
    const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <Alert tone="error">
        {missing ? 'There is no such server in this organization.' : errorMessage(error)}{' '}
        <Link href="/dashboard">Back to your servers</Link>
      </Alert>
    );
  }
  const { server, spec } = data;
  const role = activeOrg?.role ?? 'member';
  const building =
    server.latestBuild && (server.latestBuild.status === 'queued' || server.latestBuild.status === 'running');
  const tools = (spec?.tools ?? []) as Record<string, any>[];
  const hasUpstreams = Array.isArray(spec?.upstreams) && spec.upstreams.length > 0;

  const overview = (
    <div className="stack">
      <Card>
        <div className="grid-2">
          <div>
            <p className="label">MCP URL</p>
            <CopyField value={server.mcpUrl} />
          </div>
          <div className="row" style={{ alignItems: 'flex-start' }}>
            <div>
              <p className="label">Version</p>
              {server.currentVersion ? `v${server.currentVersion}` : '—'}
            </div>
            <div>
              <p className="label">Visibility</p>
              <Pill>{server.visibility}</Pill>
            </div>
            <div>
              <p className="label">Clients</p>
              {data.connectedClients}
            </div>
          </div>
        </div>
        {server.description && (
          <p className="muted" style={{ marginTop: 16, marginBottom: 0 }}>
            {server.description}
          </p>
        )}
      </Card>
      {building && server.latestBuild && (
        <Card>
          <BuildLog buildId={server.latestBuild.id} onDone={() => void reload()} />
        </Card>
      )}
      {server.status === 'failed' && (
        <Alert tone="error">
          The last build failed and no version is live. See the Builds tab for its log.
        </Alert>
      )}
      <Card>
        <h2>Connect a client</h2>
        <Snippets snippets={data.installSnippets} />
      </Card>
    </div>
  );

  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumb">
          <li>
            <Link href="/dashboard">Servers</Link>
          </li>
          <li aria-current="page">{server.name}</li>
        </ol>
      </nav>
      <PageHead
        title={server.name}
        description={
          <>
            <span className="mono">{server.slug}</span> ·{' '}
            <Pill tone={statusTone(server.status)}>{server.status}</Pill>
          </>
        }
      />
      <Tabs
        label="Server sections"
        items={[
          { id: 'overview', label: 'Overview', content: overview },
          {
            id: 'tools',
            label: `Tools (${tools.length})`,
            content: <Tools serverId={server.id} spec={spec} onChange={reload} />,
          },
          { id: 'try', label: 'Try it', content: <TryIt server={server} /> },
          {
            id: 'versions',
            label: 'Versions',
            content: <Versions server={server} versions={data.versions} spec={spec} onChange={reload} />,
          },
          { id: 'builds', label: 'Builds', content: <Builds serverId={server.id} /> },
          {
            id: 'clients',
            label: 'Connected clients',
            content: <Clients serverId={server.id} canRevoke={role !== 'member'} />,
          },
          ...(hasUpstreams
            ? [
                {
                  id: 'upstreams',
                  label: 'Upstream sign-in',
                  content: <UpstreamSignIn serverId={server.id} />,
                },
              ]
            : []),
          {
            id: 'secrets',
            label: 'Secrets',
            content: (
              <Secrets
                serverId={server.id}
                declared={(spec?.secrets ?? []) as { name: string; description: string; required: boolean }[]}
              />
            ),
          },
          { id: 'usage', label: 'Usage', content: <Usage serverId={server.id} /> },
          {
            id: 'manage',
            label: 'Settings',
            content: <Manage server={server} role={role} onChange={reload} />,
          },
        ]}
      />
    </>
  );
}
