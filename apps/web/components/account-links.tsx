'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { SignedIn } from '@/lib/session';

/**
 * Log in / Sign up for visitors, Dashboard for someone signed in. `initial` comes from the server;
 * `undefined` (a page rendered ahead of any request) makes the browser ask `/account-state`.
 */
export function AccountLinks({ initial }: { initial: SignedIn | null | undefined }) {
  const [visitor, setVisitor] = useState(initial);
  useEffect(() => {
    if (initial !== undefined) return;
    let cancelled = false;
    fetch('/account-state', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : { signedIn: false, name: '' }))
      .then((s: { signedIn: boolean; name: string }) => {
        if (!cancelled) setVisitor(s.signedIn ? { name: s.name } : null);
      })
      .catch(() => !cancelled && setVisitor(null));
    return () => {
      cancelled = true;
    };
  }, [initial]);
  if (visitor) {
    return (
      <nav className="nav" aria-label="Account">
        {visitor.name && <span className="small muted hide-sm">{visitor.name}</span>}
        <Link href="/dashboard" className="btn btn-primary btn-sm">
          Dashboard
        </Link>
      </nav>
    );
  }
  return (
    <nav className="nav" aria-label="Account">
      <Link href="/login">Log in</Link>
      <Link href="/signup" className="btn btn-primary btn-sm">
        Sign up
      </Link>
    </nav>
  );
}
