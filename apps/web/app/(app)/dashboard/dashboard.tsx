'use client';

import Link from 'next/link';
import { CopyField } from '@/components/client';
import { Toast } from '@/components/dialog';
import {
  Alert,
  Button,
  Card,
  LinkButton,
  PageHead,
  Pill,
  Spinner,
  statusTone,
  Table,
  timeAgo,
} from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useApi } from '@/lib/use-api';

export function Dashboard() {
  const { data, error, loading, reload } = useApi('/v1/servers');
  const servers = data?.servers ?? [];
  return (
    <>
      <Toast />
      <PageHead
        title="Servers"
        description="Your hosted MCP servers. Every one is OAuth-protected and ready for any MCP client."
        actions={<LinkButton href="/servers/new">New server</LinkButton>}
      />
      {loading && !data && <Spinner label="Loading servers" />}
      {error != null && (
        <Alert tone="error">
          {errorMessage(error)}{' '}
          <Button variant="secondary" size="sm" onClick={() => void reload()}>
            Retry
          </Button>
        </Alert>
      )}
      {data && servers.length === 0 && (
        <Card className="empty">
          <h2>Build your first MCP server</h2>
          <p>Describe what it should do — or paste an OpenAPI document — and we draft the tools for you.</p>
          <LinkButton href="/servers/new">Start the wizard</LinkButton>
        </Card>
      )}
      {servers.length > 0 && (
        <Table caption="Servers" stacked>
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">Status</th>
              <th scope="col">Tools</th>
              <th scope="col">Version</th>
              <th scope="col">MCP URL</th>
              <th scope="col">Latest build</th>
            </tr>
          </thead>
          <tbody>
            {servers.map((s) => (
              <tr key={s.id}>
                <td data-label="Server">
                  <Link href={`/servers/${s.id}`}>
                    <strong>{s.name}</strong>
                  </Link>
                  <div className="muted small">{s.slug}</div>
                </td>
                <td data-label="Status">
                  <Pill tone={statusTone(s.status)}>{s.status}</Pill>
                </td>
                <td data-label="Tools">{s.toolCount}</td>
                <td data-label="Version">{s.currentVersion ? `v${s.currentVersion}` : '—'}</td>
                <td data-label="MCP URL" style={{ maxWidth: 320 }}>
                  <CopyField value={s.mcpUrl} />
                </td>
                <td data-label="Latest build">
                  {s.latestBuild ? (
                    <span className="row">
                      <Pill tone={statusTone(s.latestBuild.status)}>{s.latestBuild.status}</Pill>
                      <span className="small muted">updated {timeAgo(s.updatedAt)}</span>
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
