'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Alert, Button, Card } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';

/**
 * The target of the verification email. The token is sent only when the person presses the button
 * (a link scanner that merely fetches the page does not use up the single-use link).
 */
export function VerifyEmail({ token }: { token: string }) {
  const [state, setState] = useState<{ email?: string; error?: string }>(
    token ? {} : { error: 'This verification link is incomplete. Copy the whole link from the email.' },
  );
  const [busy, setBusy] = useState(false);
  async function verify() {
    setBusy(true);
    try {
      const r = await ok(api.POST('/v1/auth/verify-email', { body: { token } }));
      setState({ email: r.email });
    } catch (err) {
      setState({ error: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card className="card-narrow">
      <h1>Verify your email</h1>
      {state.email ? (
        <>
          <Alert tone="ok">
            <strong>{state.email}</strong> is verified. Servers shared with this address and invitations to it
            are open to you now.
          </Alert>
          <Link href="/dashboard" className="btn btn-primary">
            Go to your servers
          </Link>
        </>
      ) : (
        <>
          <p className="muted">Confirm that this email address belongs to you.</p>
          {state.error && <Alert tone="error">{state.error}</Alert>}
          <Button onClick={() => void verify()} disabled={busy || !token}>
            {busy ? 'Verifying…' : 'Verify my email address'}
          </Button>
        </>
      )}
    </Card>
  );
}
