'use client';

import { useEffect, useState } from 'react';
import { type Answer, api, ok } from '@/lib/api';

type ServiceHistory = Answer<'/v1/status/history'>['services'][number];
type Minute = ServiceHistory['history'][number];

const REFRESH_MS = 60_000;
type Shown = 'up' | 'degraded' | 'down' | 'none';
const LABEL: Record<Shown, string> = { up: 'up', degraded: 'degraded', down: 'down', none: 'no data' };

/** A minute's colour: its readiness, made `degraded` by any 5xx answer; no reading and no errors: no data. */
function shown(m: Minute): Shown {
  if (m.state === 'down') return 'down';
  if (m.state === 'degraded' || m.errors > 0) return 'degraded';
  return m.state === 'up' ? 'up' : 'none';
}

const hhmm = (iso: string) => new Date(iso).toISOString().slice(11, 16);
const n = (v: number) => v.toLocaleString('en-US');

function cellTitle(m: Minute): string {
  const errors = m.requests || m.errors ? `, ${n(m.errors)} of ${n(m.requests)} requests failed` : '';
  return `${hhmm(m.at)} UTC: ${LABEL[shown(m)]}${errors}`;
}

/** What a screen reader hears for a strip: the counts per state, when it was down, the errors. */
function summary(s: ServiceHistory): string {
  const count = { up: 0, degraded: 0, down: 0, none: 0 };
  for (const m of s.history) count[shown(m)]++;
  const downAt = s.history.filter((m) => shown(m) === 'down').map((m) => hhmm(m.at));
  const when = downAt.length
    ? `; down at ${downAt.slice(0, 5).join(', ')}${downAt.length > 5 ? ' and more' : ''} UTC`
    : '';
  return (
    `${s.name}, last ${s.history.length} minutes: ${count.up} up, ${count.degraded} degraded, ` +
    `${count.down} down, ${count.none} without data${when}; ` +
    `${n(s.errors)} server errors of ${n(s.requests)} requests.`
  );
}

/** The last hour of every service, one cell per minute, from the api's public status history. */
export function StatusHistory() {
  const [services, setServices] = useState<ServiceHistory[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    async function load() {
      try {
        const body = await ok(api.GET('/v1/status/history', { cache: 'no-store' }));
        if (!cancelled) {
          setServices(body.services);
          setFailed(false);
        }
      } catch {
        if (!cancelled) setFailed(true);
      }
    }
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  return (
    <section className="status-history" aria-labelledby="status-history-heading">
      <h2 id="status-history-heading">Last hour</h2>
      <p className="small muted">
        One cell per minute: what each service’s readiness check answered, and its requests that failed with a
        server error (5xx).
      </p>
      <ul className="status-legend" aria-label="Legend">
        <li>
          <span className="status-cell up" aria-hidden="true" /> Up
        </li>
        <li>
          <span className="status-cell degraded" aria-hidden="true" /> Degraded: a service it needs was down,
          or requests failed
        </li>
        <li>
          <span className="status-cell down" aria-hidden="true" /> Down: not ready or not answering
        </li>
        <li>
          <span className="status-cell none" aria-hidden="true" /> No data
        </li>
      </ul>
      {failed && !services && (
        <p className="small muted">The history is not available right now: the REST API did not answer.</p>
      )}
      {services?.map((s) => (
        <div className="status-history-row" key={s.id} data-testid={`history-${s.id}`}>
          <div className="status-history-name">{s.name}</div>
          <ol className="status-strip" role="img" aria-label={summary(s)}>
            {s.history.map((m) => (
              // role="none": inside role="img" the cells are drawing, not list items (axe: listitem).
              <li
                role="none"
                key={m.at}
                className={`status-cell ${shown(m)}`}
                title={cellTitle(m)}
                data-state={shown(m)}
              />
            ))}
          </ol>
          <div className="status-history-axis small muted" aria-hidden="true">
            <span>60 min ago</span>
            <span>now</span>
          </div>
          <div className="small muted">
            {n(s.errors)} server {s.errors === 1 ? 'error' : 'errors'} of {n(s.requests)} requests
          </div>
        </div>
      ))}
    </section>
  );
}
