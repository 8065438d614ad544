'use client';

import { useEffect, useState } from 'react';
import { Alert, Pill, Spinner, Table } from '@/components/ui';
import type { Probe } from './probe/route';

const INTERVAL_MS = 10_000;

export function StatusBoard() {
  const [data, setData] = useState<{ checkedAt: string; probes: Probe[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    async function check() {
      try {
        const res = await fetch('/status/probe', { cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const body = await res.json();
        if (!cancelled) {
          setData(body);
          setError(null);
        }
      } catch {
        if (!cancelled) setError('Cannot reach the web server to check the services.');
      }
    }
    void check();
    const timer = setInterval(check, INTERVAL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  if (!data && !error) return <Spinner label="Checking services" />;
  const down = data?.probes.filter((p) => !p.ok) ?? [];
  return (
    <>
      {error && <Alert tone="error">{error}</Alert>}
      {data && (
        <Alert tone={down.length ? 'warn' : 'ok'}>
          {down.length ? `Degraded: ${down.map((p) => p.name).join(', ')}` : 'All systems operational.'}
        </Alert>
      )}
      {data && (
        <Table caption="Service health">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">State</th>
              <th scope="col">Response time</th>
            </tr>
          </thead>
          <tbody>
            {data.probes.map((p) => (
              <tr key={p.id} data-testid={`probe-${p.id}`}>
                <td>
                  <span className={`status-dot ${p.ok ? 'ok' : 'down'}`} aria-hidden="true" /> {p.name}
                </td>
                <td>
                  <Pill tone={p.ok ? 'ok' : 'danger'}>{p.ok ? 'up' : 'down'}</Pill>{' '}
                  <span className="small muted">{p.detail}</span>
                </td>
                <td>{p.status === null ? '—' : `${p.ms} ms`}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {data && (
        <p className="small muted">
          Last checked{' '}
          <time dateTime={data.checkedAt}>{new Date(data.checkedAt).toISOString().slice(11, 19)} UTC</time>.
        </p>
      )}
    </>
  );
}
