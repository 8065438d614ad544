'use client';

import { type FormEvent, useState } from 'react';
import { useMe } from '@/components/app-shell';
import { CopyField } from '@/components/client';
import { Alert, Button, Card, formatDate, Input, Pill, Table } from '@/components/ui';
import { ApiError, api, errorMessage, ok } from '@/lib/api';
import type { Role } from '@/lib/types';
import { useApi } from '@/lib/use-api';
import type { OrgDetails } from './org-details';

const ROLES: Role[] = ['owner', 'admin', 'member'];
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why the invitation's email is not usable, in a sentence; null when it looks fine. */
export function inviteEmailProblem(raw: string): string | null {
  const email = raw.trim();
  if (!email) return 'Enter the email address of the person to invite.';
  if (!EMAIL_RE.test(email) || email.length > 254)
    return `“${email}” is not a complete email address; write it like name@example.com.`;
  return null;
}

export function Members({ org, onChange }: { org: OrgDetails; onChange: () => Promise<void> }) {
  const { me } = useMe();
  const canAdmin = org.role === 'owner' || org.role === 'admin';
  const isOwner = org.role === 'owner';
  const owners = org.members.filter((m) => m.role === 'owner').length;
  // Only owners grant or take the owner role; an org keeps at least one owner.
  const assignable = isOwner ? ROLES : ROLES.filter((r) => r !== 'owner');
  const invitations = useApi(canAdmin ? '/v1/invitations' : null);
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
    const email = String(data.get('email') ?? '').trim();
    setInviteError(null);
    setError(null);
    setAcceptUrl(null);
    const problem = inviteEmailProblem(email);
    if (problem) {
      setInviteError(problem);
      form.querySelector<HTMLInputElement>('input[name="email"]')?.focus();
      return;
    }
    try {
      const role = ROLES.find((r) => r === data.get('role')) ?? 'member';
      const r = await ok(api.POST('/v1/invitations', { body: { email, role } }));
      setAcceptUrl(r.acceptUrl);
      form.reset();
      await invitations.reload();
    } catch (err) {
      // About the address (invalid, already a member): next to the field; anything else above.
      if (err instanceof ApiError && (err.status === 400 || err.status === 409)) setInviteError(err.message);
      else setError(errorMessage(err));
    }
  }

  return (
    <Card>
      <h2>Members</h2>
      {error && <Alert tone="error">{error}</Alert>}
      <Table caption="Members" stacked>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {org.members.map((m) => {
            const self = m.userId === me.user.id;
            const soleOwner = m.role === 'owner' && owners <= 1;
            const canChangeRole = canAdmin && !soleOwner && (isOwner || m.role !== 'owner');
            const canRemove = self ? !soleOwner : canAdmin && (isOwner || m.role !== 'owner');
            return (
              <tr key={m.userId}>
                <td data-label="Person">
                  {m.name} {self && <Pill>you</Pill>}
                  <div className="small muted">{m.email}</div>
                </td>
                <td data-label="Role">
                  {canChangeRole ? (
                    <select
                      className="select"
                      style={{ width: 'auto' }}
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      onChange={(e) => {
                        const role = ROLES.find((r) => r === e.target.value);
                        if (role)
                          void act(() =>
                            ok(
                              api.PATCH('/v1/members/{userId}', {
                                params: { path: { userId: m.userId } },
                                body: { role },
                              }),
                            ),
                          );
                      }}
                    >
                      {assignable.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <>
                      <Pill>{m.role}</Pill>
                      {soleOwner && <div className="small muted">the only owner</div>}
                    </>
                  )}
                </td>
                <td data-label="Joined" className="small">
                  {formatDate(m.joinedAt)}
                </td>
                <td data-label="Actions">
                  {canRemove ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      aria-label={self ? `Leave ${org.org.name}` : `Remove ${m.email}`}
                      onClick={() => {
                        const question = self
                          ? `Leave ${org.org.name}? You lose access to its servers at once.`
                          : `Remove ${m.email} from ${org.org.name}?`;
                        if (window.confirm(question))
                          void act(async () => {
                            await ok(
                              api.DELETE('/v1/members/{userId}', { params: { path: { userId: m.userId } } }),
                            );
                            if (self) window.location.assign('/dashboard');
                          });
                      }}
                    >
                      {self ? 'Leave' : 'Remove'}
                    </Button>
                  ) : self && soleOwner ? (
                    <span className="small muted">Make someone else owner before you can leave.</span>
                  ) : (
                    <span className="small muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>

      {canAdmin && (
        <>
          <h3 style={{ marginTop: 24 }}>Invite someone</h3>
          <form onSubmit={invite} className="row" style={{ alignItems: 'flex-start' }} noValidate>
            <div style={{ flex: '1 1 240px' }}>
              <Input
                label="Email"
                name="email"
                type="email"
                autoComplete="off"
                required
                error={inviteError}
                onChange={() => inviteError && setInviteError(null)}
              />
            </div>
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" name="role" className="select" defaultValue="member">
                {assignable.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <span className="label" aria-hidden="true">
                &nbsp;
              </span>
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
            <Table caption="Pending invitations" stacked>
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
                    <td data-label="Email">{i.email}</td>
                    <td data-label="Role">
                      <Pill>{i.role}</Pill>
                    </td>
                    <td data-label="Expires" className="small">
                      {formatDate(i.expiresAt)}
                    </td>
                    <td data-label="Actions">
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() =>
                          void act(async () => {
                            await ok(api.DELETE('/v1/invitations/{id}', { params: { path: { id: i.id } } }));
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
