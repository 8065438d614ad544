'use client';

import { type FormEvent, useState } from 'react';
import { CopyField } from '@/components/client';
import { Alert, Button, Card, Input, Pill, Spinner } from '@/components/ui';
import { type Answer, api, errorMessage, ok } from '@/lib/api';
import { useApi } from '@/lib/use-api';

/** `GET /v1/servers/:id/upstreams` (never any secret value). */
/** `GET /v1/servers/:id/upstreams` (never any secret value). */
export type ServerUpstreams = Answer<'/v1/servers/{id}/upstreams'>;

type Upstream = ServerUpstreams['upstreams'][number];

function Credentials({
  serverId,
  upstream,
  onSaved,
}: {
  serverId: string;
  upstream: Upstream;
  onSaved: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const clientId = String(form.get('clientId') ?? '').trim();
    const clientSecret = String(form.get('clientSecret') ?? '');
    if (!clientId && !clientSecret) return setError('Enter the client ID, the client secret or both.');
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      // The existing secrets API: the values are encrypted at rest and never shown again.
      if (clientId)
        await ok(
          api.PUT('/v1/servers/{id}/secrets/{name}', {
            params: { path: { id: serverId, name: upstream.clientIdSecret } },
            body: { value: clientId },
          }),
        );
      if (clientSecret && upstream.clientSecretSecret)
        await ok(
          api.PUT('/v1/servers/{id}/secrets/{name}', {
            params: { path: { id: serverId, name: upstream.clientSecretSecret } },
            body: { value: clientSecret },
          }),
        );
      (e.target as HTMLFormElement).reset();
      setSaved('Saved. The next sign-in uses them.');
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} data-testid={`upstream-credentials-${upstream.id}`}>
      <div className="grid-2">
        <Input
          label={`Client ID (${upstream.clientIdSecret})`}
          name="clientId"
          autoComplete="off"
          placeholder={upstream.credentialsSet ? 'Set — enter a new one to replace it' : ''}
        />
        {upstream.clientSecretSecret && (
          <Input
            label={`Client secret (${upstream.clientSecretSecret})`}
            name="clientSecret"
            type="password"
            autoComplete="off"
            placeholder={upstream.credentialsSet ? 'Set — enter a new one to replace it' : ''}
          />
        )}
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {saved && <Alert tone="ok">{saved}</Alert>}
      <Button type="submit" size="sm" disabled={busy}>
        {busy ? 'Saving…' : 'Save credentials'}
      </Button>
    </form>
  );
}

function state(u: Upstream): { tone: 'ok' | 'info' | 'danger'; text: string } {
  if (u.credentialsSet) return { tone: 'ok', text: 'your OAuth app' };
  if (u.platformApp) return { tone: 'info', text: 'platform OAuth app' };
  return { tone: 'danger', text: 'credentials missing' };
}

/** The server page's Upstream sign-in section: what to register at the provider, and who signed in. */
export function UpstreamSignIn({ serverId }: { serverId: string }) {
  const { data, error, loading, reload } = useApi('/v1/servers/{id}/upstreams', { path: { id: serverId } });
  if (loading && !data) return <Spinner label="Loading upstream sign-in" />;
  if (!data) return <Alert tone="error">{errorMessage(error)}</Alert>;
  return (
    <div className="stack" data-testid="upstream-sign-in">
      <Card>
        <h2>Redirect URI</h2>
        <p className="muted small">
          Register this exact URL as the callback (redirect) URL of each provider’s OAuth app. It is the same
          for every server on this platform.
        </p>
        <CopyField value={data.redirectUri} />
      </Card>
      {data.upstreams.length === 0 && (
        <p className="muted">The live version of this server signs nobody in to an upstream provider.</p>
      )}
      {data.upstreams.map((u) => {
        const s = state(u);
        const ready = u.credentialsSet || u.platformApp;
        return (
          <Card key={u.id} data-testid={`upstream-${u.id}`}>
            <div className="row" style={{ justifyContent: 'space-between' }}>
              <h2 style={{ margin: 0 }}>
                {u.name} <span className="muted small mono">{u.id}</span>
              </h2>
              <div className="row">
                {u.preset && <Pill>preset {u.preset}</Pill>}
                <Pill tone={s.tone}>{s.text}</Pill>
              </div>
            </div>
            <p className="small" style={{ margin: '10px 0' }}>
              <span className="label">Scopes asked at sign-in:</span>{' '}
              {u.scopes.length
                ? u.scopes.map((x) => (
                    <code key={x} style={{ marginRight: 6 }}>
                      {x}
                    </code>
                  ))
                : '—'}
            </p>
            <p className="small" style={{ margin: '0 0 12px' }} data-testid={`upstream-${u.id}-people`}>
              <strong>{u.connectedUsers}</strong> {u.connectedUsers === 1 ? 'person has' : 'people have'}{' '}
              signed in.
            </p>
            {!ready && (
              <Alert tone="warn">
                Nobody can sign in to {u.name} yet: create an OAuth app there with the redirect URI above and
                enter its client ID{u.clientSecretSecret ? ' and secret' : ''} below.
              </Alert>
            )}
            {u.platformApp && !u.credentialsSet && (
              <p className="small muted">
                The platform provides a {u.name} app; enter your own only if you want people to see your app’s
                name at {u.name}.
              </p>
            )}
            <Credentials serverId={serverId} upstream={u} onSaved={() => void reload()} />
            <div className="row" style={{ marginTop: 12 }}>
              {ready ? (
                <a
                  className="btn btn-secondary btn-sm"
                  href={u.connectUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  Test sign-in
                </a>
              ) : (
                <Button size="sm" variant="secondary" disabled title="Set the credentials first">
                  Test sign-in
                </Button>
              )}
              <span className="small muted">Runs the sign-in for yourself in a new tab.</span>
            </div>
          </Card>
        );
      })}
    </div>
  );
}
