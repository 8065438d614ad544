'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { ApiError, api, errorMessage } from '@/lib/api';
import { Alert, Card, Spinner } from '../ui';

export function Logout() {
  const [state, setState] = useState<'pending' | 'done' | string>('pending');
  useEffect(() => {
    api('/v1/auth/logout', { method: 'POST', body: {} })
      .then(() => setState('done'))
      .catch((err) => setState(err instanceof ApiError && err.status === 401 ? 'done' : errorMessage(err)));
  }, []);
  return (
    <Card className="card-narrow">
      <h1>Log out</h1>
      {state === 'pending' && <Spinner label="Signing you out" />}
      {state === 'done' && (
        <>
          <Alert tone="ok">You are signed out.</Alert>
          <p>
            <Link href="/login">Log in again</Link> or go to the <Link href="/">home page</Link>.
          </p>
        </>
      )}
      {state !== 'pending' && state !== 'done' && <Alert tone="error">{state}</Alert>}
    </Card>
  );
}
