'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';

type State =
  | { kind: 'checking' }
  | { kind: 'ok' }
  | { kind: 'degraded'; names: string[] }
  | { kind: 'unknown' };

const REFRESH_MS = 60_000;

/** The footer's live status: one probe when the page opens (and every minute), linking to /status. */
export function StatusBadge() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  useEffect(() => {
    let cancelled = false;
    async function check() {
      try {
        const res = await fetch('/status/probe', { cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { probes?: { name: string; ok: boolean }[] };
        const down = (body.probes ?? []).filter((p) => !p.ok).map((p) => p.name);
        if (!cancelled) setState(down.length ? { kind: 'degraded', names: down } : { kind: 'ok' });
      } catch {
        if (!cancelled) setState({ kind: 'unknown' });
      }
    }
    void check();
    const timer = setInterval(check, REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);
  const text =
    state.kind === 'ok'
      ? 'All systems operational'
      : state.kind === 'degraded'
        ? `Degraded: ${state.names.join(', ')}`
        : state.kind === 'unknown'
          ? 'Status unknown'
          : 'Checking status…';
  const dot = state.kind === 'ok' ? 'ok' : state.kind === 'degraded' ? 'down' : '';
  return (
    <Link href="/status" className="status-badge" data-testid="status-badge" data-state={state.kind}>
      <span className={`status-dot ${dot}`} aria-hidden="true" />
      <span aria-live="polite">{text}</span>
    </Link>
  );
}
