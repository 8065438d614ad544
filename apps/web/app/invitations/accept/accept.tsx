'use client';

import { useState } from 'react';
import { Alert, Button, Card } from '@/components/ui';
import { ApiError, api, errorMessage, loginUrl } from '@/lib/api';

export function AcceptInvitation({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(token ? null : 'This invitation link is incomplete.');
  const [busy, setBusy] = useState(false);
  async function accept() {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ orgId: string }>('/v1/invitations/accept', { method: 'POST', body: { token } });
      await api('/v1/me/org/switch', { method: 'POST', body: { orgId: r.orgId } });
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
  return (
    <Card className="card-narrow">
      <h1>Join an organization</h1>
      <p className="muted">
        You were invited to an organization on BuildMyMCPServer. Sign in with the invited email address (or
        sign up with it), then accept.
      </p>
      {error && <Alert tone="error">{error}</Alert>}
      <Button onClick={() => void accept()} disabled={busy || !token}>
        {busy ? 'Joining…' : 'Accept invitation'}
      </Button>
    </Card>
  );
}
