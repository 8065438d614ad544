'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Alert, Card, Pill } from '@/components/ui';
import { type Answer, api, ok } from '@/lib/api';

type Account = Answer<'/v1/me/connected-accounts'>['items'][number];

const KNOWN: Record<string, string> = {
  github: 'GitHub',
  google: 'Google',
  slack: 'Slack',
  notion: 'Notion',
  linear: 'Linear',
  atlassian: 'Atlassian',
  microsoft: 'Microsoft',
  gitlab: 'GitLab',
};

const ERROR_TEXT: Record<string, string> = {
  access_denied: 'The sign-in was cancelled or refused at the provider.',
  invalid_request: 'The sign-in link is incomplete or has expired.',
  server_error: 'The sign-in could not be completed.',
  temporarily_unavailable: 'The provider is not reachable right now.',
};

export function UpstreamConnected({
  server,
  upstream,
  error,
  errorDescription,
}: {
  server?: string;
  upstream?: string;
  error?: string;
  errorDescription?: string;
}) {
  const [account, setAccount] = useState<Account | null>(null);
  useEffect(() => {
    if (error || !server || !upstream) return;
    // Best effort: the name and account of the new sign-in; the page works without them.
    ok(api.GET('/v1/me/connected-accounts'))
      .then((r) =>
        setAccount(r.items.find((a) => a.serverId === server && a.upstreamId === upstream) ?? null),
      )
      .catch(() => undefined);
  }, [error, server, upstream]);

  const name = account?.upstreamName ?? (upstream ? (KNOWN[upstream] ?? upstream) : 'the provider');

  if (error || !upstream) {
    const code = error ?? 'invalid_request';
    return (
      <Card className="card-narrow" data-testid="upstream-connected">
        <h1>Sign-in to {name} did not complete</h1>
        <Alert tone="error">
          {ERROR_TEXT[code] ?? 'The sign-in failed.'}
          {errorDescription ? ` ${errorDescription.slice(0, 300)}` : ''}
        </Alert>
        <p className="small muted">
          Error code <code>{code}</code>. Nothing was stored. Go back to your MCP client and try again; if it
          keeps failing, the server’s owner can check its Upstream sign-in settings.
        </p>
      </Card>
    );
  }
  return (
    <Card className="card-narrow" data-testid="upstream-connected">
      <h1>Signed in to {name}</h1>
      <Alert tone="ok">
        Done — go back to your client. Its next tool call runs as
        {account?.accountLabel ? (
          <>
            {' '}
            <strong>{account.accountLabel}</strong>
          </>
        ) : (
          ' you'
        )}{' '}
        at {name}
        {account ? ` through ${account.serverName}` : ''}.
      </Alert>
      {account && account.scopes.length > 0 && (
        <p className="row small">
          Scopes:{' '}
          {account.scopes.map((s) => (
            <Pill key={s}>{s}</Pill>
          ))}
        </p>
      )}
      <p className="small muted" style={{ marginBottom: 0 }}>
        You can close this page. Disconnect any time under{' '}
        <Link href="/settings/connected-accounts">Settings → Connected accounts</Link>.
      </p>
    </Card>
  );
}
