'use client';

import { useEffect, useState } from 'react';
import { Alert, Button, Card, formatDate, Pill, Spinner } from '@/components/ui';
import { type Answer, ApiError, api, errorMessage, loginUrl, ok } from '@/lib/api';

type Preview = Answer<'/v1/invitations/preview', 'post'>;

const ROLE_TEXT: Record<Preview['role'], string> = {
  owner: 'an owner (everything, including other owners)',
  admin: 'an admin (servers, members and API keys)',
  member: 'a member (build and use the organization’s servers)',
};

export function AcceptInvitation({ token }: { token: string }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [signedInAs, setSignedInAs] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(token ? null : 'This invitation link is incomplete.');
  const [loading, setLoading] = useState(Boolean(token));
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    Promise.all([
      ok(api.POST('/v1/invitations/preview', { body: { token } })),
      ok(api.GET('/v1/me')).catch((err) => {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }),
    ])
      .then(([p, me]) => {
        if (cancelled) return;
        setPreview(p);
        setSignedInAs(me?.user.email ?? null);
      })
      .catch((err) => !cancelled && setError(errorMessage(err)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [token]);

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      const r = await ok(api.POST('/v1/invitations/accept', { body: { token } }));
      await ok(api.POST('/v1/me/org/switch', { body: { orgId: r.orgId } }));
      window.location.assign('/dashboard');
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401) {
        window.location.assign(loginUrl());
        return;
      }
      setError(errorMessage(err));
    }
  }

  const here = `/invitations/accept?token=${encodeURIComponent(token)}`;
  const mismatch = preview && signedInAs && signedInAs.toLowerCase() !== preview.email.toLowerCase();
  return (
    <Card className="card-narrow" data-testid="invitation">
      {preview ? (
        <>
          <h1>Join {preview.org.name}</h1>
          <p>
            <strong>{preview.invitedBy.name || preview.invitedBy.email}</strong> ({preview.invitedBy.email})
            invited <strong>{preview.email}</strong> to join <strong>{preview.org.name}</strong> on
            BuildMyMCPServer as <Pill tone="accent">{preview.role}</Pill>: {ROLE_TEXT[preview.role]}.
          </p>
          <p className="small muted">The link works once, until {formatDate(preview.expiresAt)}.</p>
        </>
      ) : (
        <h1>Join an organization</h1>
      )}
      {loading && <Spinner label="Reading the invitation" />}
      {mismatch && (
        <Alert tone="warn">
          <span data-testid="invitation-mismatch">
            You are signed in as <strong>{signedInAs}</strong>, but this invitation is for{' '}
            <strong>{preview.email}</strong>. Only that account can accept it.
          </span>{' '}
          <a href={`/logout?next=${encodeURIComponent(here)}`}>Sign in as {preview.email}</a>
        </Alert>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {(preview || !loading) && (
        <Button onClick={() => void accept()} disabled={busy || !token || !preview || Boolean(mismatch)}>
          {busy ? 'Joining…' : 'Accept invitation'}
        </Button>
      )}
    </Card>
  );
}
