'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage, safeNext } from '@/lib/api';
import { Alert, Button, Card, Input } from '../ui';

export function AuthForm({ mode, next }: { mode: 'login' | 'signup'; next?: string }) {
  const [error, setError] = useState<string | null>(null);
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
      await api(`/v1/auth/${mode}`, { method: 'POST', body });
      window.location.assign(target);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError) {
        setFields(err.fieldErrors());
        if (err.status === 409) setFields({ email: 'An account with this email already exists.' });
      }
      setError(errorMessage(err));
    }
  }

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
