'use client';

import { SECRET_NAME_PATTERN } from '@bmm/spec/patterns';
import { type FormEvent, useState } from 'react';
import { Alert, Button, formatDate, Input, Pill, Spinner, Table } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';
import { useApi } from '@/lib/use-api';

/** The ServerSpec's secret-name pattern, checked before the api is asked. */
const NAME_RE = new RegExp(SECRET_NAME_PATTERN);

function SecretForm({
  serverId,
  name,
  onDone,
  onCancel,
}: {
  serverId: string;
  name?: string;
  onDone: (name: string) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const secretName = name ?? String(form.get('name') ?? '').trim();
    const value = String(form.get('value') ?? '');
    if (!NAME_RE.test(secretName))
      return setError('Names are upper-case letters, digits and "_", starting with a letter.');
    if (!value) return setError('Enter a value.');
    setBusy(true);
    setError(null);
    try {
      await ok(
        api.PUT('/v1/servers/{id}/secrets/{name}', {
          params: { path: { id: serverId, name: secretName } },
          body: { value },
        }),
      );
      onDone(secretName);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="row" style={{ alignItems: 'flex-end' }} data-testid="secret-form">
      {!name && (
        <div style={{ flex: '1 1 200px' }}>
          <Input label="Name" name="name" placeholder="API_TOKEN" autoComplete="off" required />
        </div>
      )}
      <div style={{ flex: '2 1 260px' }}>
        <Input
          label={name ? `New value for ${name}` : 'Value'}
          name="value"
          type="password"
          autoComplete="off"
          required
          error={error}
        />
      </div>
      <div className="field row">
        <Button type="submit" disabled={busy}>
          Save
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function Secrets({
  serverId,
  declared,
}: {
  serverId: string;
  declared: { name: string; description: string; required: boolean }[];
}) {
  const { data, error, loading, reload } = useApi('/v1/servers/{id}/secrets', { path: { id: serverId } });
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  if (loading && !data) return <Spinner label="Loading secrets" />;
  if (!data) return <Alert tone="error">{errorMessage(error)}</Alert>;

  const stored = new Map(data.secrets.map((s) => [s.name, s]));
  const names = [...new Set([...declared.map((d) => d.name), ...data.secrets.map((s) => s.name)])];
  const done = async (name: string) => {
    setEditing(null);
    setMessage(`${name} saved. The running server uses it from now on.`);
    await reload();
  };

  return (
    <div className="stack">
      <p className="muted small" style={{ margin: 0 }}>
        Values are encrypted at rest and never shown again — you can only replace or delete them.
      </p>
      {message && <Alert tone="ok">{message}</Alert>}
      {actionError && <Alert tone="error">{actionError}</Alert>}
      {names.length === 0 && <p className="muted">This server uses no secrets.</p>}
      {names.length > 0 && (
        <Table caption="Secrets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Updated</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const s = stored.get(name);
              const d = declared.find((x) => x.name === name);
              return (
                <tr key={name} data-testid={`secret-${name}`}>
                  <td>
                    <code>{name}</code>
                    {d && <div className="small muted">{d.description}</div>}
                  </td>
                  <td>
                    {s ? (
                      <Pill tone="ok">set</Pill>
                    ) : (
                      <Pill tone={d?.required ? 'danger' : 'warn'}>
                        {d?.required ? 'missing (required)' : 'not set'}
                      </Pill>
                    )}
                  </td>
                  <td className="small">{s ? formatDate(s.updatedAt) : '—'}</td>
                  <td className="row">
                    <Button size="sm" variant="secondary" onClick={() => setEditing(name)}>
                      {s ? 'Replace' : 'Set'}
                    </Button>
                    {s && (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={async () => {
                          if (!window.confirm(`Delete ${name}? Tools using it fail until you set it again.`))
                            return;
                          setActionError(null);
                          try {
                            await ok(
                              api.DELETE('/v1/servers/{id}/secrets/{name}', {
                                params: { path: { id: serverId, name } },
                              }),
                            );
                            setMessage(`${name} deleted.`);
                            await reload();
                          } catch (err) {
                            setActionError(errorMessage(err));
                          }
                        }}
                      >
                        Delete
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {editing && editing !== '+' && (
        <SecretForm
          key={editing}
          serverId={serverId}
          name={editing}
          onDone={done}
          onCancel={() => setEditing(null)}
        />
      )}
      {editing === '+' ? (
        <SecretForm serverId={serverId} onDone={done} onCancel={() => setEditing(null)} />
      ) : (
        <div>
          <Button variant="secondary" size="sm" onClick={() => setEditing('+')}>
            Add a secret
          </Button>
        </div>
      )}
    </div>
  );
}
