'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage, safeNext } from '@/lib/api';
import { Alert, Button, Card, Input } from '../ui';

interface Verification {
  sentTo: string;
  delivery: 'email' | 'server_log';
}

/** After sign-up: where the verification link went, and the way on. */
function SignedUp({ verification, target }: { verification: Verification; target: string }) {
  return (
    <Card className="card-narrow">
      <h1>Check your email</h1>
      <Alert tone="ok">
        {verification.delivery === 'email' ? (
          <>
            We sent a verification link to <strong>{verification.sentTo}</strong>. Open it to confirm the
            address.
          </>
        ) : (
          <>
            This server sends no email (no SMTP_URL is configured): the verification link for{' '}
            <strong>{verification.sentTo}</strong> is in the server log. Check the server log and open it.
          </>
        )}
      </Alert>
      <p className="muted">
        You can start building right away. Servers shared with your email address and invitations to it open
        once the address is verified.
      </p>
      <Button onClick={() => window.location.assign(target)} style={{ width: '100%' }}>
        Continue
      </Button>
    </Card>
  );
}

export function AuthForm({ mode, next }: { mode: 'login' | 'signup'; next?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [signedUp, setSignedUp] = useState<Verification | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const target = safeNext(next);
  const nextQuery = next ? `?next=${encodeURIComponent(target)}` : '';

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body: Record<string, string> = {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    };
    if (mode === 'signup') body.name = String(form.get('name') ?? '');
    const local: Record<string, string> = {};
    if (mode === 'signup' && body.password!.length < 10) local.password = 'Use at least 10 characters.';
    if (mode === 'signup' && body.password!.trim().toLowerCase() === body.email!.trim().toLowerCase())
      local.password = 'The password cannot be your email address.';
    setFields(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ verification?: Verification }>(`/v1/auth/${mode}`, { method: 'POST', body });
      if (mode === 'signup' && res?.verification) {
        setSignedUp(res.verification);
        return;
      }
      window.location.assign(target);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError) setFields(err.fieldErrors());
      setError(errorMessage(err));
    }
  }

  if (signedUp) return <SignedUp verification={signedUp} target={target} />;

  return (
    <Card className="card-narrow">
      <h1>{mode === 'login' ? 'Log in' : 'Create your account'}</h1>
      <p className="muted">
        {mode === 'login' ? 'Welcome back.' : 'Free to start: five servers, ten thousand tool calls a month.'}
      </p>
      {error && <Alert tone="error">{error}</Alert>}
      <form onSubmit={submit} noValidate>
        {mode === 'signup' && (
          <Input label="Name" name="name" autoComplete="name" required error={fields.name} />
        )}
        <Input label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
        <Input
          label="Password"
          name="password"
          type="password"
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'signup' ? 10 : undefined}
          hint={mode === 'signup' ? 'At least 10 characters.' : undefined}
          error={fields.password}
        />
        <Button type="submit" disabled={busy} style={{ width: '100%' }}>
          {busy ? 'Please wait…' : mode === 'login' ? 'Log in' : 'Sign up'}
        </Button>
      </form>
      <p className="small muted" style={{ marginTop: 16, marginBottom: 0 }}>
        {mode === 'login' ? (
          <>
            No account yet? <Link href={`/signup${nextQuery}`}>Sign up</Link>
          </>
        ) : (
          <>
            Already have an account? <Link href={`/login${nextQuery}`}>Log in</Link>
          </>
        )}
      </p>
    </Card>
  );
}
