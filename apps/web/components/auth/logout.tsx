'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ApiError, api, errorMessage, ok, safeNext } from '@/lib/api';
import { Alert, Card, Spinner } from '../ui';

/** Ends the session; with `next`, goes straight on to sign in again and back to `next`. */
export function Logout({ next }: { next?: string }) {
  const router = useRouter();
  const [state, setState] = useState<'pending' | 'done' | string>('pending');
  const target = next ? `/login?next=${encodeURIComponent(safeNext(next))}` : null;
  useEffect(() => {
    ok(api.POST('/v1/auth/logout'))
      .then(() => setState('done'))
      .catch((err) => setState(err instanceof ApiError && err.status === 401 ? 'done' : errorMessage(err)));
  }, []);
  useEffect(() => {
    if (state !== 'done') return;
    if (target) window.location.assign(target);
    else router.refresh(); // the header stops offering the dashboard
  }, [state, target, router]);
  return (
    <Card className="card-narrow">
      <h1>Log out</h1>
      {state === 'pending' && <Spinner label="Signing you out" />}
      {state === 'done' && (
        <>
          <Alert tone="ok">You are signed out.</Alert>
          <p>
            {target ? (
              <Link href={target}>Log in with another account</Link>
            ) : (
              <>
                <Link href="/login">Log in again</Link> or go to the <Link href="/">home page</Link>.
              </>
            )}
          </p>
        </>
      )}
      {state !== 'pending' && state !== 'done' && <Alert tone="error">{state}</Alert>}
    </Card>
  );
}
