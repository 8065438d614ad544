'use client';

import { type FormEvent, useState } from 'react';
import { useMe } from '@/components/app-shell';
import { CopyField } from '@/components/client';
import { Alert, Button, Card, formatDate, Input, Pill, Table } from '@/components/ui';
import { api, errorMessage } from '@/lib/api';
import type { Role } from '@/lib/types';
import { useApi } from '@/lib/use-api';
import type { OrgDetails } from './settings';

interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

const ROLES: Role[] = ['owner', 'admin', 'member'];

export function Members({ org, onChange }: { org: OrgDetails; onChange: () => Promise<void> }) {
  const { me } = useMe();
  const canAdmin = org.role === 'owner' || org.role === 'admin';
  const invitations = useApi<{ invitations: Invitation[] }>(canAdmin ? '/v1/invitations' : null);
  const [error, setError] = useState<string | null>(null);
  const [acceptUrl, setAcceptUrl] = useState<string | null>(null);
  const [inviteError, setInviteError] = useState<string | null>(null);

  async function act(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      await onChange();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function invite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setInviteError(null);
    setAcceptUrl(null);
    try {
      const r = await api<{ acceptUrl: string }>('/v1/invitations', {
        method: 'POST',
        body: { email: String(data.get('email') ?? '').trim(), role: String(data.get('role') ?? 'member') },
      });
      setAcceptUrl(r.acceptUrl);
      form.reset();
      await invitations.reload();
    } catch (err) {
      setInviteError(errorMessage(err));
    }
  }

  return (
    <Card>
      <h2>Members</h2>
      {error && <Alert tone="error">{error}</Alert>}
      <Table caption="Members">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            {canAdmin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {org.members.map((m) => (
            <tr key={m.userId}>
              <td>
                {m.name} {m.userId === me.user.id && <Pill>you</Pill>}
                <div className="small muted">{m.email}</div>
              </td>
              <td>
                {canAdmin ? (
                  <select
                    className="select"
                    style={{ width: 'auto' }}
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    onChange={(e) =>
                      void act(() =>
                        api(`/v1/members/${m.userId}`, { method: 'PATCH', body: { role: e.target.value } }),
                      )
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  <Pill>{m.role}</Pill>
                )}
              </td>
              <td className="small">{formatDate(m.joinedAt)}</td>
              {canAdmin && (
                <td>
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => {
                      if (window.confirm(`Remove ${m.email} from ${org.org.name}?`))
                        void act(() => api(`/v1/members/${m.userId}`, { method: 'DELETE' }));
                    }}
                  >
                    {m.userId === me.user.id ? 'Leave' : 'Remove'}
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </Table>

      {canAdmin && (
        <>
          <h3 style={{ marginTop: 24 }}>Invite someone</h3>
          <form onSubmit={invite} className="row" style={{ alignItems: 'flex-end' }}>
            <div style={{ flex: '1 1 240px' }}>
              <Input label="Email" name="email" type="email" required error={inviteError} />
            </div>
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" name="role" className="select" defaultValue="member">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <Button type="submit">Create invitation</Button>
            </div>
          </form>
          {acceptUrl && (
            <Alert tone="ok">
              <p style={{ marginTop: 0 }}>
                Send this link to them; it works once and expires in 7 days. It is not shown again.
              </p>
              <CopyField value={acceptUrl} />
            </Alert>
          )}
          {invitations.data && invitations.data.invitations.length > 0 && (
            <Table caption="Pending invitations">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {invitations.data.invitations.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>
                      <Pill>{i.role}</Pill>
                    </td>
                    <td className="small">{formatDate(i.expiresAt)}</td>
                    <td>
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() =>
                          void act(async () => {
                            await api(`/v1/invitations/${i.id}`, { method: 'DELETE' });
                            await invitations.reload();
                          })
                        }
                      >
                        Revoke
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </>
      )}
    </Card>
  );
}
