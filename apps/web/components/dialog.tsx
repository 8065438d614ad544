'use client';

import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Button } from './ui';

/**
 * The app's own confirmation: a modal <dialog> (focus moves into it and stays there, Escape
 * cancels, focus returns to what opened it), instead of the browser's window.confirm.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = 'primary',
  confirmDisabled = false,
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  confirmDisabled?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!confirmDisabled && !busy) onConfirm();
        }}
      >
        <h2 id={`${id}-title`} style={{ marginTop: 0 }}>
          {title}
        </h2>
        {children}
        <div className="row" style={{ justifyContent: 'flex-end', marginTop: 16 }}>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" variant={tone} disabled={confirmDisabled || busy}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}

const TOAST_KEY = 'bmm-toast';

/** Leaves a message for the next page to show (e.g. "Deleted Calculator." after a redirect). */
export function queueToast(message: string): void {
  try {
    sessionStorage.setItem(TOAST_KEY, message);
  } catch {
    // Storage disabled: the next page simply shows no toast.
  }
}

/** Shows (and consumes) a queued message as a polite status toast, dismissable. */
export function Toast() {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    try {
      const queued = sessionStorage.getItem(TOAST_KEY);
      if (queued) {
        sessionStorage.removeItem(TOAST_KEY);
        setMessage(queued);
      }
    } catch {
      // Storage disabled.
    }
  }, []);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 8000);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {message && (
        <div className="toast" data-testid="toast">
          <span>{message}</span>
          <Button size="sm" variant="ghost" onClick={() => setMessage(null)} aria-label="Dismiss">
            ×
          </Button>
        </div>
      )}
    </div>
  );
}
