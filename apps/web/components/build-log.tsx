'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { type Answer, api, errorMessage, ok } from '@/lib/api';
import { Alert, Button, Pill, statusTone } from './ui';

export const BUILD_STEPS = ['validate', 'compile', 'test', 'package', 'publish', 'deploy', 'verify'];

/** A stored log line: the builder's stream frames carry the same fields as `GET /v1/builds/:id/logs`. */
type LogLine = Answer<'/v1/builds/{id}/logs'>['lines'][number];

type Frame =
  | ({ type: 'log' } & LogLine)
  | { type: 'step'; step: string; status: string; ms?: number }
  | { type: 'done'; status: string; version?: number | null };

const MAX_RECONNECTS = 20;

/** Where to open the socket: the ticket's URL with the ticket and the last sequence number seen. */
export function streamUrl(url: string, ticket: string, since: number): string {
  const u = new URL(url.replace(/^http/, 'ws'), window.location.href);
  u.searchParams.set('ticket', ticket);
  u.searchParams.set('since', String(since));
  return u.toString();
}

/**
 * The live build: step states with durations and the streaming log. Reconnects (with a fresh ticket)
 * when the socket drops before the final frame, asking only for lines after the last one it has.
 */
export function BuildLog({
  buildId,
  onDone,
}: {
  buildId: string;
  onDone?: (status: string, version: number | null) => void;
}) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [steps, setSteps] = useState<Record<string, { status: string; ms?: number }>>({});
  const [status, setStatus] = useState<string>('connecting');
  const [error, setError] = useState<string | null>(null);
  const [reconnecting, setReconnecting] = useState(false);
  const lastSeq = useRef(0);
  const done = useRef(false);
  const attempts = useRef(0);
  const socket = useRef<WebSocket | null>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  const connect = useCallback(async () => {
    if (done.current) return;
    let ticket: Answer<'/v1/builds/{id}/ticket', 'post'>;
    try {
      ticket = await ok(api.POST('/v1/builds/{id}/ticket', { params: { path: { id: buildId } } }));
    } catch (err) {
      setError(errorMessage(err));
      return;
    }
    const ws = new WebSocket(streamUrl(ticket.url, ticket.ticket, lastSeq.current));
    socket.current = ws;
    ws.onopen = () => {
      attempts.current = 0;
      setReconnecting(false);
      setError(null);
      setStatus((s) => (s === 'connecting' ? 'running' : s));
    };
    ws.onmessage = (event) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(event.data)) as Frame;
      } catch {
        return;
      }
      if (frame.type === 'log') {
        if (frame.seq <= lastSeq.current) return;
        lastSeq.current = frame.seq;
        setLines((prev) => [...prev, frame as LogLine]);
        if (frame.step) {
          const step = frame.step;
          setSteps((prev) => (prev[step] ? prev : { ...prev, [step]: { status: 'running' } }));
        }
      } else if (frame.type === 'step') {
        setSteps((prev) => ({ ...prev, [frame.step]: { status: frame.status, ms: frame.ms } }));
      } else if (frame.type === 'done') {
        done.current = true;
        setStatus(frame.status);
        ws.close();
        onDoneRef.current?.(frame.status, frame.version ?? null);
      }
    };
    ws.onclose = () => {
      if (done.current || socket.current !== ws) return;
      if (attempts.current >= MAX_RECONNECTS) {
        setError('Lost the connection to the build log.');
        return;
      }
      attempts.current += 1;
      setReconnecting(true);
      setTimeout(() => void connect(), Math.min(500 * attempts.current, 5000));
    };
  }, [buildId]);

  useEffect(() => {
    void connect();
    return () => {
      const ws = socket.current;
      socket.current = null;
      ws?.close();
    };
  }, [connect]);

  const [pinned, setPinned] = useState(true);
  // Pinned to the newest line until the person scrolls up; the final status re-pins it too, so the
  // last line is always in view when the build ends.
  useEffect(() => {
    const el = logRef.current;
    if (el && stickToBottom.current && lines.length) el.scrollTop = el.scrollHeight;
  }, [lines]);
  useEffect(() => {
    const el = logRef.current;
    if (!el || !['succeeded', 'failed', 'cancelled'].includes(status)) return;
    stickToBottom.current = true;
    setPinned(true);
    el.scrollTop = el.scrollHeight;
  }, [status]);

  const known = [...BUILD_STEPS, ...Object.keys(steps).filter((s) => !BUILD_STEPS.includes(s))];
  return (
    <div className="stack" data-testid="build-log" data-status={status}>
      <div className="row">
        <strong>Build</strong>
        <Pill tone={statusTone(status)}>{status}</Pill>
        {reconnecting && <span className="small muted">reconnecting…</span>}
      </div>
      <ol className="build-steps" aria-label="Build steps">
        {known.map((name) => {
          const s = steps[name];
          return (
            <li key={name}>
              <span>{name}</span>
              <span className="row">
                <Pill tone={s ? statusTone(s.status) : 'neutral'}>{s?.status ?? 'pending'}</Pill>
                {s?.ms !== undefined && <span className="small muted">{formatMs(s.ms)}</span>}
              </span>
            </li>
          );
        })}
      </ol>
      <div
        className="log"
        ref={logRef}
        role="log"
        aria-live="polite"
        aria-label="Build log"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take keyboard focus
        tabIndex={0}
        data-pinned={pinned}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          setPinned(stickToBottom.current);
        }}
      >
        {lines.length === 0 && <span className="ts">Waiting for the builder…</span>}
        {lines.map((l) => (
          <div key={l.seq} className={`lvl-${l.level}`}>
            <span className="ts">{l.ts ? new Date(l.ts).toISOString().slice(11, 19) : ''} </span>
            {l.step && <span className="step-tag">[{l.step}] </span>}
            {l.message}
          </div>
        ))}
      </div>
      {!pinned && (
        <div>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              const el = logRef.current;
              if (!el) return;
              stickToBottom.current = true;
              setPinned(true);
              el.scrollTop = el.scrollHeight;
            }}
          >
            Jump to the latest line
          </Button>
        </div>
      )}
      {error && (
        <Alert tone="error">
          {error}{' '}
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              attempts.current = 0;
              setError(null);
              void connect();
            }}
          >
            Reconnect
          </Button>
        </Alert>
      )}
    </div>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
