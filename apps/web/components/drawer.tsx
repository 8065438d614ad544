'use client';

import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A side drawer on a native modal <dialog>: the rest of the page is inert while it is open, Tab
 * cycles inside it, Escape or the Close button closes it, and focus goes back to what opened it.
 */
export function Drawer({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const headingId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      dialog.querySelector<HTMLElement>('h2')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="drawer"
      aria-labelledby={headingId}
      onClose={() => {
        onClose();
        const back = opener.current;
        opener.current = null;
        // The opener may have been re-rendered; focus it only while it is still in the page.
        if (back?.isConnected) back.focus();
      }}
      onKeyDown={(e) => {
        // Keep Tab inside the drawer: past the last control comes the first, and back.
        if (e.key !== 'Tab') return;
        const focusable = [
          ...e.currentTarget.querySelectorAll<HTMLElement>(
            'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex="0"]',
          ),
        ];
        const first = focusable[0];
        const last = focusable.at(-1);
        if (!first || !last) return;
        const active = document.activeElement;
        if (e.shiftKey && (active === first || !e.currentTarget.contains(active))) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && (active === last || !e.currentTarget.contains(active))) {
          e.preventDefault();
          first.focus();
        }
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its panel) closes it.
        if (e.target === e.currentTarget) e.currentTarget.close();
      }}
    >
      {open && (
        <div className="drawer-panel">
          <div className="drawer-head">
            <h2 id={headingId} tabIndex={-1}>
              {title}
            </h2>
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => ref.current?.close()}
              aria-label="Close details"
            >
              Close
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}
