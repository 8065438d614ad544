import Link from 'next/link';
import type { ButtonHTMLAttributes, ComponentProps, InputHTMLAttributes, ReactNode } from 'react';
import { useId } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

function cx(...parts: (string | false | null | undefined)[]) {
  return parts.filter(Boolean).join(' ');
}

export function Button({
  variant = 'primary',
  size,
  className,
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'sm' }) {
  return (
    <button type={type} className={cx('btn', `btn-${variant}`, size && 'btn-sm', className)} {...props} />
  );
}

export function LinkButton({
  variant = 'primary',
  size,
  className,
  ...props
}: ComponentProps<typeof Link> & { variant?: Variant; size?: 'sm' }) {
  return <Link className={cx('btn', `btn-${variant}`, size && 'btn-sm', className)} {...props} />;
}

export function Field({
  label,
  hint,
  error,
  ok,
  children,
  id,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  ok?: string | null;
  id: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
      {!error && ok && <span className="field-ok">{ok}</span>}
    </div>
  );
}

/** A labelled text input; `error` marks it invalid and is announced. */
export function Input({
  label,
  hint,
  error,
  ok,
  id,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  ok?: string | null;
}) {
  const generated = useId();
  const inputId = id ?? generated;
  const describedBy = [hint && `${inputId}-hint`, error && `${inputId}-error`].filter(Boolean).join(' ');
  return (
    <Field label={label} hint={hint} error={error} ok={ok} id={inputId}>
      <input
        id={inputId}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...props}
      />
    </Field>
  );
}

export function Card({ children, className, ...props }: ComponentProps<'section'>) {
  return (
    <section className={cx('card', className)} {...props}>
      {children}
    </section>
  );
}

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'accent' | 'neutral';

export function Pill({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={cx('pill', tone !== 'neutral' && `pill-${tone}`)}>{children}</span>;
}

/** `stacked`: on a phone each row becomes a card (give every `td` a `data-label` naming its column). */
export function Table({
  children,
  caption,
  stacked,
}: {
  children: ReactNode;
  caption?: string;
  stacked?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className={cx('table', stacked && 'table-stacked')}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function Alert({ tone, children }: { tone: 'error' | 'warn' | 'info' | 'ok'; children: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span className="row muted" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}…
    </span>
  );
}

export function PageHead({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {description && <p>{description}</p>}
      </div>
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}

export function statusTone(status: string): Tone {
  switch (status) {
    case 'succeeded':
    case 'live':
    case 'ok':
    case 'active':
      return 'ok';
    case 'failed':
    case 'down':
    case 'revoked':
      return 'danger';
    case 'running':
    case 'queued':
    case 'building':
      return 'info';
    case 'canceled':
    case 'expired':
      return 'warn';
    default:
      return 'neutral';
  }
}

/** `2026-12` (or any date in that month) as `December 2026`. */
export function formatMonth(value: string): string {
  const d = new Date(/^\d{4}-\d{2}$/.test(value) ? `${value}-01T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** `2026-11-23` as `23 November 2026`. */
export function formatDay(value: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}

export function timeAgo(value: string | null | undefined, now = Date.now()): string {
  if (!value) return 'never';
  const s = Math.round((now - new Date(value).getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
