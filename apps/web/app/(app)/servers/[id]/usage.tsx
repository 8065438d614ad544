'use client';

import { Alert, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useApi } from '@/lib/use-api';
import { Latency } from './latency';
import { RecentCalls } from './recent-calls';

/** Tool calls per day this month as an inline SVG bar chart (errors stacked in red). */
export function UsageChart({
  month,
  days,
}: {
  month: string;
  days: { day: string; calls: number; errors: number }[];
}) {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  const byDay = new Map(days.map((d) => [Number(d.day.slice(8, 10)), d]));
  const max = Math.max(1, ...days.map((d) => d.calls));
  const W = 620;
  const H = 200;
  const pad = { left: 44, bottom: 36, top: 10 };
  const bw = (W - pad.left) / count;
  const scale = (H - pad.bottom - pad.top) / max;
  const total = days.reduce((n, d) => n + d.calls, 0);
  const monthName = new Date(Date.UTC(year, mon - 1, 1)).toLocaleString('en', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Tool calls per day in ${month}: ${total} in total`}
      >
        <text x={pad.left - 6} y={pad.top + 8} textAnchor="end">
          {max}
        </text>
        <text x={pad.left - 6} y={H - pad.bottom} textAnchor="end">
          0
        </text>
        <text
          className="axis-label"
          x={-(pad.top + (H - pad.bottom - pad.top) / 2)}
          y={12}
          transform="rotate(-90)"
          textAnchor="middle"
        >
          Calls per day
        </text>
        <text className="axis-label" x={pad.left + (W - pad.left) / 2} y={H - 2} textAnchor="middle">
          Day of {monthName}
        </text>
        <line x1={pad.left} x2={pad.left} y1={pad.top} y2={H - pad.bottom} stroke="var(--border)" />
        <line x1={pad.left} x2={W} y1={H - pad.bottom} y2={H - pad.bottom} stroke="var(--border)" />
        {Array.from({ length: count }, (_, i) => i + 1).map((dayOfMonth) => {
          const i = dayOfMonth - 1;
          const d = byDay.get(dayOfMonth);
          const x = pad.left + i * bw + 1;
          const h = (d?.calls ?? 0) * scale;
          const eh = (d?.errors ?? 0) * scale;
          return (
            <g key={dayOfMonth}>
              <title>{`${month}-${String(i + 1).padStart(2, '0')}: ${d?.calls ?? 0} calls, ${d?.errors ?? 0} errors`}</title>
              <rect className="bar" x={x} width={Math.max(1, bw - 2)} y={H - pad.bottom - h} height={h} />
              {eh > 0 && (
                <rect
                  className="bar-err"
                  x={x}
                  width={Math.max(1, bw - 2)}
                  y={H - pad.bottom - eh}
                  height={eh}
                />
              )}
              {(i === 0 || (i + 1) % 5 === 0) && (
                <text x={x} y={H - pad.bottom + 13}>
                  {i + 1}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend" aria-label="Legend">
        <li>
          <span className="swatch" style={{ background: 'var(--accent)' }} aria-hidden="true" />
          Successful calls
        </li>
        <li>
          <span className="swatch" style={{ background: 'var(--danger)' }} aria-hidden="true" />
          Failed calls
        </li>
      </ul>
    </figure>
  );
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

export function Usage({ serverId }: { serverId: string }) {
  const { data, error, loading } = useApi('/v1/usage');
  if (loading && !data) return <Spinner label="Loading usage" />;
  if (!data) return <Alert tone="error">{errorMessage(error)}</Alert>;
  const mine = data.servers.find((s) => s.serverId === serverId);
  return (
    <div className="stack">
      <p data-testid="usage-summary" style={{ margin: 0 }}>
        {plural(mine?.calls ?? 0, 'tool call')} this month ({data.month}),{' '}
        {plural(mine?.errors ?? 0, 'failure')}. Organization total: {data.totals.calls.toLocaleString('en')}{' '}
        of {data.limits.toolCallsPerMonth.toLocaleString('en')}.
      </p>
      <UsageChart month={data.month} days={mine?.days ?? []} />
      {!mine && <p className="muted small">No tool calls yet this month.</p>}
      <h2>Latency and errors</h2>
      <Latency serverId={serverId} />
      <h2>Recent tool calls</h2>
      <RecentCalls serverId={serverId} />
    </div>
  );
}
