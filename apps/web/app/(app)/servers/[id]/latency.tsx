'use client';

import { Alert, Spinner, Table } from '@/components/ui';
import { type Answer, errorMessage } from '@/lib/api';
import { useApi } from '@/lib/use-api';

type LatencyBucket = Answer<'/v1/servers/{id}/latency'>['buckets'][number];

const SERIES = [
  { key: 'p50Ms', label: 'p50', className: 'line-p50' },
  { key: 'p95Ms', label: 'p95', className: 'line-p95' },
  { key: 'p99Ms', label: 'p99', className: 'line-p99' },
] as const;

const hourLabel = (iso: string) => `${iso.slice(11, 13)}:00`;
const ms = (n: number) => `${n.toLocaleString('en', { maximumFractionDigits: 1 })} ms`;
const percent = (r: number) => `${(r * 100).toLocaleString('en', { maximumFractionDigits: 1 })}%`;

/** Tool-call latency percentiles (lines) and error rate (bars) per hour over the last 24 hours. */
export function LatencyChart({ buckets }: { buckets: LatencyBucket[] }) {
  const W = 620;
  const H = 180;
  const pad = { left: 48, bottom: 20, top: 10 };
  const now = new Date();
  now.setUTCMinutes(0, 0, 0);
  const hours = Array.from({ length: 24 }, (_, i) => new Date(now.getTime() - (23 - i) * 3_600_000));
  const byHour = new Map(buckets.map((b) => [new Date(b.start).getTime(), b]));
  const max = Math.max(1, ...buckets.map((b) => b.p99Ms));
  const step = (W - pad.left) / 24;
  const y = (v: number) => H - pad.bottom - (v / max) * (H - pad.bottom - pad.top);
  const x = (i: number) => pad.left + i * step + step / 2;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Tool-call latency p50, p95 and p99 and error rate per hour, last 24 hours"
    >
      <text x={0} y={pad.top + 8}>
        {ms(max)}
      </text>
      <text x={0} y={H - pad.bottom}>
        0
      </text>
      <line x1={pad.left} x2={W} y1={H - pad.bottom} y2={H - pad.bottom} stroke="var(--border)" />
      {hours.map((h, i) => {
        const b = byHour.get(h.getTime());
        const eh = (b?.errorRate ?? 0) * (H - pad.bottom - pad.top);
        return (
          <g key={h.getTime()}>
            {b && (
              <title>{`${hourLabel(b.start)}: ${b.calls} calls, ${percent(b.errorRate)} errors, p50 ${ms(b.p50Ms)}, p95 ${ms(b.p95Ms)}, p99 ${ms(b.p99Ms)}`}</title>
            )}
            {eh > 0 && (
              <rect
                className="bar-err"
                x={x(i) - step / 2 + 1}
                width={Math.max(1, step - 2)}
                y={H - pad.bottom - eh}
                height={eh}
              />
            )}
            {i % 6 === 0 && (
              <text x={x(i) - 10} y={H - 5}>
                {hourLabel(h.toISOString())}
              </text>
            )}
          </g>
        );
      })}
      {SERIES.map((s) => (
        <polyline
          key={s.key}
          className={s.className}
          fill="none"
          stroke="currentColor"
          strokeWidth={s.key === 'p50Ms' ? 2 : 1}
          strokeDasharray={s.key === 'p99Ms' ? '4 3' : undefined}
          points={hours
            .map((h, i) => {
              const b = byHour.get(h.getTime());
              return b ? `${x(i)},${y(b[s.key])}` : null;
            })
            .filter(Boolean)
            .join(' ')}
        />
      ))}
    </svg>
  );
}

/** The Usage tab's latency section: chart plus the same numbers as a table (readable without the chart). */
export function Latency({ serverId }: { serverId: string }) {
  const { data, error, loading } = useApi('/v1/servers/{id}/latency', {
    path: { id: serverId },
    query: { hours: 24 },
  });
  if (loading && !data) return <Spinner label="Loading latency" />;
  if (!data) return <Alert tone="error">{errorMessage(error)}</Alert>;
  if (data.buckets.length === 0) return <p className="muted small">No tool calls in the last 24 hours.</p>;
  const calls = data.buckets.reduce((n, b) => n + b.calls, 0);
  const errors = data.buckets.reduce((n, b) => n + b.errors, 0);
  return (
    <div className="stack">
      <p data-testid="latency-summary" style={{ margin: 0 }}>
        Last 24 hours: {calls.toLocaleString('en')} tool call{calls === 1 ? '' : 's'},{' '}
        {percent(calls ? errors / calls : 0)} errors. Lines: p50 (solid), p95, p99 (dashed); red bars: error
        rate.
      </p>
      <LatencyChart buckets={data.buckets} />
      <Table caption="Latency and errors per hour" stacked>
        <thead>
          <tr>
            <th scope="col">Hour (UTC)</th>
            <th scope="col">Calls</th>
            <th scope="col">Error rate</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
          </tr>
        </thead>
        <tbody>
          {[...data.buckets].reverse().map((b) => (
            <tr key={b.start} data-testid="latency-row">
              <td data-label="Hour (UTC)">{`${b.start.slice(0, 10)} ${hourLabel(b.start)}`}</td>
              <td data-label="Calls">{b.calls.toLocaleString('en')}</td>
              <td data-label="Error rate">{percent(b.errorRate)}</td>
              <td data-label="p50">{ms(b.p50Ms)}</td>
              <td data-label="p95">{ms(b.p95Ms)}</td>
              <td data-label="p99">{ms(b.p99Ms)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
