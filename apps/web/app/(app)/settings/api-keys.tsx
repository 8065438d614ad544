'use client';

import { type FormEvent, useState } from 'react';
import { CodeBlock } from '@/components/client';
import { Alert, Button, Card, formatDate, Input, Table, timeAgo } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';
import { useApi } from '@/lib/use-api';

export function ApiKeys() {
  const { data, error, reload } = useApi('/v1/api-keys');
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    setFormError(null);
    try {
      const r = await ok(api.POST('/v1/api-keys', { body: { name } }));
      setCreated({ name: r.apiKey.name, key: r.key });
      form.reset();
      await reload();
    } catch (err) {
      setFormError(errorMessage(err));
    }
  }

  return (
    <Card>
      <h2>API keys</h2>
      <p className="muted small">
        For CI and scripts: <code>Authorization: Bearer bmm_live_…</code> on any <code>/v1</code> route,
        acting as this organization.
      </p>
      {error != null && <Alert tone="error">{errorMessage(error)}</Alert>}
      <form onSubmit={create} className="row" style={{ alignItems: 'flex-end' }}>
        <div style={{ flex: '1 1 240px' }}>
          <Input
            label="Key name"
            name="name"
            required
            maxLength={100}
            placeholder="GitHub Actions"
            error={formError}
          />
        </div>
        <div className="field">
          <Button type="submit">Create key</Button>
        </div>
      </form>
      {created && (
        <Alert tone="ok">
          <p style={{ marginTop: 0 }}>
            <strong>{created.name}</strong>: copy the key now — it is shown only once.
          </p>
          <CodeBlock code={created.key} />
          <Button size="sm" variant="secondary" onClick={() => setCreated(null)}>
            I have stored it
          </Button>
        </Alert>
      )}
      {data && data.apiKeys.length > 0 && (
        <Table caption="API keys" stacked>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {data.apiKeys.map((k) => (
              <tr key={k.id}>
                <td data-label="Name">{k.name}</td>
                <td data-label="Key" className="mono">
                  {k.prefix}…
                </td>
                <td data-label="Created" className="small">
                  {formatDate(k.createdAt)}
                </td>
                <td data-label="Last used" className="small">
                  {timeAgo(k.lastUsedAt)}
                </td>
                <td data-label="Actions">
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={async () => {
                      if (
                        !window.confirm(
                          `Revoke the key “${k.name}”? Anything using it stops working at once.`,
                        )
                      )
                        return;
                      try {
                        await ok(api.DELETE('/v1/api-keys/{id}', { params: { path: { id: k.id } } }));
                        await reload();
                      } catch (err) {
                        setFormError(errorMessage(err));
                      }
                    }}
                  >
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {data && data.apiKeys.length === 0 && <p className="muted">No API keys yet.</p>}
    </Card>
  );
}
