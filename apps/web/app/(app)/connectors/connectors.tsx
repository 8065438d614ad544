'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { ConnectorStatus } from '@/components/playground/connector-status';
import { Alert, Button, Card, Input, LinkButton, PageHead, Spinner } from '@/components/ui';
import { ApiError, api, errorMessage, ok } from '@/lib/api';
import {
  type Connector,
  connectorTools,
  openSignInWindow,
  startSignIn,
  useSignInMessages,
} from '@/lib/connectors';
import { useApi } from '@/lib/use-api';

export function Connectors() {
  const { data, loading, error, reload } = useApi('/v1/connectors');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [authType, setAuthType] = useState<'oauth' | 'none'>('oauth');
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  // The sign-in popup tells this page how it ended; the message only makes the page reload its list.
  useSignInMessages((m) => {
    setMessage(m.status === 'ready' ? 'Signed in.' : `Sign-in failed: ${m.error ?? ''}`);
    void reload();
  });

  async function add(e: FormEvent) {
    e.preventDefault();
    setFieldErrors({});
    try {
      await ok(api.POST('/v1/connectors', { body: { name, url, authType } }));
      setName('');
      setUrl('');
      await reload();
    } catch (err) {
      if (err instanceof ApiError)
        setFieldErrors({ ...err.fieldErrors(), ...(err.status === 400 ? { url: err.message } : {}) });
      else setMessage(errorMessage(err));
    }
  }

  async function signIn(c: Connector) {
    const popup = openSignInWindow(c.id);
    try {
      await startSignIn(c.id, popup);
    } catch (err) {
      setMessage(errorMessage(err));
      await reload();
    }
  }

  async function act(call: () => Promise<unknown>, done: string) {
    try {
      await call();
      setMessage(done);
    } catch (err) {
      setMessage(errorMessage(err));
    }
    await reload();
  }

  return (
    <>
      <PageHead
        title="Connectors"
        description={
          <>
            Remote MCP servers you sign in to and call from here. Only you see them. Sign-in trouble? Ask the{' '}
            <Link href="/doctor">auth doctor</Link>.
          </>
        }
      />
      <Card>
        <form onSubmit={add} className="stack" noValidate>
          <Input
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldErrors.name}
            required
          />
          <Input
            label="MCP server URL"
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            error={fieldErrors.url}
            required
          />
          <div className="field">
            <label htmlFor="connector-auth">Authorization</label>
            <select
              id="connector-auth"
              className="select"
              value={authType}
              onChange={(e) => setAuthType(e.target.value as 'oauth' | 'none')}
            >
              <option value="oauth">OAuth — discover automatically</option>
              <option value="none">None</option>
            </select>
          </div>
          <div className="row">
            <Button type="submit" disabled={!name.trim() || !url.trim()}>
              Add connector
            </Button>
          </div>
        </form>
      </Card>
      {message && <Alert tone="info">{message}</Alert>}
      {loading && !data && <Spinner />}
      {error != null && !data && <Alert tone="error">{errorMessage(error)}</Alert>}
      <div className="stack" style={{ marginTop: 16 }}>
        {data?.connectors.map((c) => (
          <Card key={c.id} data-connector={c.name}>
            <div className="row" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
              <strong>{c.name}</strong>
              <ConnectorStatus connector={c} />
            </div>
            <p className="small muted">{c.url}</p>
            {c.lastError && <p className="small field-error">{c.lastError}</p>}
            {c.tools && (
              <p className="small">
                Tools:{' '}
                {connectorTools(c)
                  .map((t) => t.name)
                  .join(', ') || 'none'}
              </p>
            )}
            <div className="row">
              {c.authType === 'oauth' && (
                <Button size="sm" variant="secondary" onClick={() => void signIn(c)}>
                  Sign in
                </Button>
              )}
              <Button
                size="sm"
                variant="secondary"
                onClick={() =>
                  void act(
                    () =>
                      ok(api.POST('/v1/connectors/{id}/tools/refresh', { params: { path: { id: c.id } } })),
                    `${c.name} answered.`,
                  )
                }
              >
                Test
              </Button>
              <LinkButton size="sm" variant="secondary" href={`/playground?connector=${c.id}`}>
                Open in playground
              </LinkButton>
              <Button
                size="sm"
                variant="danger"
                onClick={() =>
                  void act(
                    () => ok(api.DELETE('/v1/connectors/{id}', { params: { path: { id: c.id } } })),
                    `${c.name} removed.`,
                  )
                }
              >
                Remove
              </Button>
            </div>
          </Card>
        ))}
      </div>
    </>
  );
}
