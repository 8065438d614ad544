'use client';

import { useEffect, useState } from 'react';
import { Alert, Button, Card, Pill, Spinner } from '@/components/ui';
import { ApiError, errorMessage, fetchJson, loginUrl } from '@/lib/api';

/** `GET /oauth/interaction/:id` of oauth-as (its response schema in apps/oauth-as/src/routes/interaction). */
interface Interaction {
  client: {
    client_id?: string;
    name: string;
    logo_uri?: string | null;
    redirect_host: string | null;
    client_host?: string | null;
    is_cimd: boolean;
    localhost_only: boolean;
  };
  server: {
    name: string;
    slug: string;
    org: string;
    tools: { name: string; title?: string; description?: string }[];
  };
  scopes: string[];
  /** Providers the server signs this person in to after approval (per-user upstream OAuth). */
  upstreams?: { id: string; name: string; scopes: string[]; connected: boolean }[];
  user: { id: string; email: string; name: string };
  csrf_token: string;
  /** The user already granted this client the same server and scopes: go straight back. */
  auto_approved?: boolean;
  redirect_to?: string;
}

const SCOPE_TEXT: Record<string, string> = {
  'mcp:tools': 'List and call the server’s tools on your behalf',
};

export function Consent({ interaction }: { interaction: string }) {
  const [data, setData] = useState<Interaction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approve' | 'deny' | null>(null);

  useEffect(() => {
    if (!interaction) {
      setError('This link is missing its interaction. Start again from your MCP client.');
      return;
    }
    fetchJson<Interaction>(`/oauth/interaction/${encodeURIComponent(interaction)}`)
      .then((value) => {
        if (value.auto_approved && value.redirect_to) window.location.assign(value.redirect_to);
        else setData(value);
      })
      .catch((err) => {
        if (err instanceof ApiError && err.status === 401) {
          window.location.assign(loginUrl(`/oauth/consent?interaction=${encodeURIComponent(interaction)}`));
          return;
        }
        if (err instanceof ApiError && err.status === 404)
          setError(
            'This authorization request has expired or was already answered. Start again from your MCP client.',
          );
        else setError(errorMessage(err));
      });
  }, [interaction]);

  async function decide(decision: 'approve' | 'deny') {
    if (!data) return;
    setBusy(decision);
    setError(null);
    try {
      const { redirect_to } = await fetchJson<{ redirect_to: string }>(
        `/oauth/interaction/${encodeURIComponent(interaction)}/${decision}`,
        { method: 'POST', body: { csrf_token: data.csrf_token } },
      );
      window.location.assign(redirect_to);
    } catch (err) {
      setBusy(null);
      setError(errorMessage(err));
    }
  }

  if (error) {
    return (
      <Card className="card-narrow">
        <h1>Authorization</h1>
        <Alert tone="error">{error}</Alert>
        <p className="small muted" style={{ margin: 0 }}>
          Nothing was shared. You can close this page and return to your MCP client.
          {interaction && (
            <>
              {' '}
              Signed in with the wrong account?{' '}
              <a
                href={`/logout?next=${encodeURIComponent(`/oauth/consent?interaction=${encodeURIComponent(interaction)}`)}`}
              >
                Switch account
              </a>
              .
            </>
          )}
        </p>
      </Card>
    );
  }
  if (!data) return <Spinner label="Loading the request" />;

  const { client, server } = data;
  const user = data.user.email;
  const logo = client.logo_uri?.startsWith('https://') ? client.logo_uri : null;
  return (
    <Card className="card-narrow" style={{ maxWidth: 520 }} data-testid="consent">
      <div className="row" style={{ marginBottom: 12 }}>
        {logo ? (
          // biome-ignore lint/performance/noImgElement: an external logo of the client, not an optimizable asset
          <img src={logo} alt="" className="logo" referrerPolicy="no-referrer" />
        ) : (
          <span className="logo" aria-hidden="true">
            {client.name.slice(0, 1).toUpperCase()}
          </span>
        )}
        <div>
          <h1 style={{ margin: 0, fontSize: '1.3rem' }}>
            <span data-testid="client-name">{client.name}</span> wants to use {server.name}
          </h1>
          <div className="small muted">
            Redirects to <strong>{client.redirect_host}</strong>
            {client.is_cimd && <> · identified by its metadata document</>}
          </div>
        </div>
      </div>
      {client.localhost_only && (
        <Alert tone="warn">
          This client only redirects to your own computer (localhost). Approve only if you just started it
          yourself.
        </Alert>
      )}
      {client.is_cimd && !client.localhost_only && (
        <Alert tone="info">
          This client is identified by a metadata document hosted at{' '}
          <strong>{client.client_host ?? client.redirect_host}</strong>; it was not registered with us. Make
          sure you trust that site.
        </Alert>
      )}
      <p>
        Signed in as <strong>{user}</strong>.{' '}
        <a
          href={`/logout?next=${encodeURIComponent(`/oauth/consent?interaction=${encodeURIComponent(interaction)}`)}`}
          data-testid="switch-account"
        >
          Not you? Switch account
        </a>
      </p>
      <p>
        The server <strong>{server.name}</strong> (<code>{server.slug}</code>) belongs to{' '}
        <strong>{server.org}</strong>.
      </p>
      <h2 style={{ fontSize: '1rem' }}>It asks for</h2>
      <ul>
        {data.scopes.map((s) => (
          <li key={s}>
            <Pill tone="accent">{s}</Pill> {SCOPE_TEXT[s] ?? ''}
          </li>
        ))}
      </ul>
      {data.upstreams && data.upstreams.length > 0 && (
        <>
          <h2 style={{ fontSize: '1rem' }}>Then you sign in to</h2>
          <ul data-testid="consent-upstreams">
            {data.upstreams.map((u) => {
              const scopes = u.scopes.length ? ` (${u.scopes.join(', ')})` : '';
              return (
                <li key={u.id} data-testid={`consent-upstream-${u.id}`}>
                  {u.connected ? (
                    <>
                      Already signed in to <strong>{u.name}</strong>
                      {scopes} <Pill tone="ok">connected</Pill>
                    </>
                  ) : (
                    <>
                      You will sign in to <strong>{u.name}</strong>
                      {scopes}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          <p className="small muted">
            {server.name} then acts as you at {data.upstreams.map((u) => u.name).join(' and ')}. Those
            sign-ins are stored encrypted on our side and never reach {client.name}; disconnect them any time
            under Settings → Connected accounts.
          </p>
        </>
      )}
      {server.tools.length > 0 && (
        <details className="details" style={{ marginBottom: 16 }}>
          <summary>Tools it can call ({server.tools.length})</summary>
          <ul className="small">
            {server.tools.map((t) => (
              <li key={t.name}>
                <code>{t.name}</code>
                {t.description ? ` — ${t.description}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="row">
        <Button onClick={() => void decide('approve')} disabled={busy !== null}>
          {busy === 'approve' ? 'Approving…' : 'Approve'}
        </Button>
        <Button variant="secondary" onClick={() => void decide('deny')} disabled={busy !== null}>
          {busy === 'deny' ? 'Denying…' : 'Deny'}
        </Button>
      </div>
      <p className="small muted" style={{ marginTop: 16, marginBottom: 0 }}>
        You can revoke this access at any time on the server’s page, under Connected clients.
      </p>
    </Card>
  );
}
