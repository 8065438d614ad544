'use client';

import Link from 'next/link';
import { type FormEvent, useEffect, useState } from 'react';
import { type Answer, ApiError, api, errorMessage, fetchJson, ok, safeNext } from '@/lib/api';
import { Alert, Button, Card, Input } from '../ui';

type Verification = Answer<'/v1/auth/signup', 'post'>['verification'];

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

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PASSWORD_HINT = 'At least 10 characters.';

/** One message per field that is empty or wrong, before anything is sent. */
function checkFields(mode: 'login' | 'signup', body: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const email = (body.email ?? '').trim();
  if (mode === 'signup' && !(body.name ?? '').trim()) out.name = 'Enter your name.';
  if (!email) out.email = 'Enter your email address.';
  else if (mode === 'signup' && !EMAIL_RE.test(email))
    out.email = 'Enter a complete email address, like name@example.com.';
  const password = body.password ?? '';
  if (!password)
    out.password =
      mode === 'signup' ? 'Choose a password of at least 10 characters.' : 'Enter your password.';
  else if (mode === 'signup' && password.length < 10)
    out.password = `Use at least 10 characters. This one has ${password.length}.`;
  else if (mode === 'signup' && password.trim().toLowerCase() === email.toLowerCase())
    out.password = 'The password cannot be your email address.';
  return out;
}

/** The interaction id when this sign-in is for an OAuth consent (`next=/oauth/consent?interaction=…`). */
function consentInteraction(target: string): string | null {
  const u = new URL(target, 'https://web.invalid');
  return u.pathname === '/oauth/consent' ? u.searchParams.get('interaction') : null;
}

/** Who is asking, when signing in for a consent: the AS names the client (never the server) before sign-in. */
function useAskingClient(target: string): { name: string; redirectHost: string | null } | null {
  const [client, setClient] = useState<{ name: string; redirectHost: string | null } | null>(null);
  const interaction = consentInteraction(target);
  useEffect(() => {
    if (!interaction) return;
    let cancelled = false;
    fetchJson<{ client: { name: string; redirect_host: string | null } }>(
      `/oauth/interaction/${encodeURIComponent(interaction)}/client`,
    )
      .then((r) => !cancelled && setClient({ name: r.client.name, redirectHost: r.client.redirect_host }))
      .catch(() => {}); // an expired request: the consent page explains it after sign-in
    return () => {
      cancelled = true;
    };
  }, [interaction]);
  return client;
}

export function AuthForm({ mode, next }: { mode: 'login' | 'signup'; next?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [signedUp, setSignedUp] = useState<Verification | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const target = safeNext(next);
  const nextQuery = next ? `?next=${encodeURIComponent(target)}` : '';
  const asking = useAskingClient(target);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const body: Record<string, string> = {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    };
    if (mode === 'signup') body.name = String(form.get('name') ?? '');
    const local = checkFields(mode, body);
    setFields(local);
    setError(null);
    const first = Object.keys(local)[0];
    if (first) {
      formElement.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const credentials = { email: body.email ?? '', password: body.password ?? '' };
      if (mode === 'signup') {
        const res = await ok(
          api.POST('/v1/auth/signup', { body: { ...credentials, name: body.name ?? '' } }),
        );
        setSignedUp(res.verification);
        return;
      }
      await ok(api.POST('/v1/auth/login', { body: credentials }));
      window.location.assign(target);
    } catch (err) {
      setBusy(false);
      const byField = err instanceof ApiError ? err.fieldErrors() : {};
      // A message that belongs to a field is shown there, once; only the rest goes above the form.
      if (Object.keys(byField).length > 0 && err instanceof ApiError) {
        const [field] = Object.keys(byField);
        setFields({ [field as string]: err.message });
      } else setError(errorMessage(err));
    }
  }

  if (signedUp) return <SignedUp verification={signedUp} target={target} />;

  const title = mode === 'login' ? 'Log in' : 'Create your account';
  return (
    <Card className="card-narrow">
      <h1>{title}</h1>
      {asking ? (
        <p data-testid="asking-client">
          <strong>{asking.name}</strong>
          {asking.redirectHost ? <> (at {asking.redirectHost})</> : null} asks to use an MCP server for you.{' '}
          {mode === 'login' ? 'Log in' : 'Sign up'} to see what it asks for, then approve or deny.
        </p>
      ) : (
        <p className="muted">
          {mode === 'login'
            ? 'Welcome back.'
            : 'One account, your own workspace: describe a server and watch it go live.'}
        </p>
      )}
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
          // The error replaces the hint rather than repeating it.
          hint={mode === 'signup' && !fields.password ? PASSWORD_HINT : undefined}
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
