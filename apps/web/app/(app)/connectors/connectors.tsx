'use client';

import Link from 'next/link';
import { type FormEvent, useEffect, useState } from 'react';
import { Alert, Button, Card, Input, PageHead, Pill, Spinner } from '@/components/ui';
import { ApiError, api, errorMessage } from '@/lib/api';
import { useApi } from '@/lib/use-api';

interface Connector {
  id: string;
  name: string;
  url: string;
  authType: 'none' | 'headers' | 'oauth';
  status: 'ready' | 'signin_required' | 'error';
  signedIn: boolean;
  lastError: string | null;
  tools: { name: string }[] | null;
}

function statusPill(c: Connector) {
  if (c.authType === 'oauth')
    return c.status === 'ready' && c.signedIn ? (
      <Pill tone="ok">OAuth · signed in</Pill>
    ) : c.status === 'error' ? (
      <Pill tone="danger">OAuth · error</Pill>
    ) : (
      <Pill tone="warn">sign-in required</Pill>
    );
  return c.status === 'error' ? (
    <Pill tone="danger">error</Pill>
  ) : (
    <Pill tone="ok">{c.authType === 'headers' ? 'Headers' : 'No auth'}</Pill>
  );
}

export function Connectors() {
  const { data, loading, error, reload } = useApi<{ connectors: Connector[] }>('/v1/connectors');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [authType, setAuthType] = useState<'oauth' | 'none'>('oauth');
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  // The sign-in popup tells this page how it ended; the message only makes the page reload its list.
  useEffect(() => {
    function onMessage(e: MessageEvent) {
      if (e.data?.type !== 'bmm:connector-oauth') return;
      setMessage(e.data.status === 'ready' ? 'Signed in.' : `Sign-in failed: ${e.data.error ?? ''}`);
      void reload();
    }
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [reload]);

  async function add(e: FormEvent) {
    e.preventDefault();
    setFieldErrors({});
    try {
      await api('/v1/connectors', { method: 'POST', body: { name, url, authType } });
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
    const popup = window.open('', `connector-${c.id}`, 'width=520,height=720');
    try {
      const { authorize_url } = await api<{ authorize_url: string }>(`/v1/connectors/${c.id}/oauth/start`, {
        method: 'POST',
      });
      if (popup) popup.location.href = authorize_url;
      else window.location.href = authorize_url;
    } catch (err) {
      popup?.close();
      setMessage(errorMessage(err));
      await reload();
    }
  }

  async function act(path: string, method: string, done: string) {
    try {
      await api(path, { method });
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
          <label className="field">
            <span>Authorization</span>
            <select
              className="select"
              value={authType}
              onChange={(e) => setAuthType(e.target.value as 'oauth' | 'none')}
            >
              <option value="oauth">OAuth — discover automatically</option>
              <option value="none">None</option>
            </select>
          </label>
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
              {statusPill(c)}
            </div>
            <p className="small muted">{c.url}</p>
            {c.lastError && <p className="small field-error">{c.lastError}</p>}
            {c.tools && <p className="small">Tools: {c.tools.map((t) => t.name).join(', ') || 'none'}</p>}
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
                  void act(`/v1/connectors/${c.id}/tools/refresh`, 'POST', `${c.name} answered.`)
                }
              >
                Test
              </Button>
              <Button
                size="sm"
                variant="danger"
                onClick={() => void act(`/v1/connectors/${c.id}`, 'DELETE', `${c.name} removed.`)}
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
