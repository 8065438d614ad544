'use client';

import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useId, useState } from 'react';

/**
 * The header's links and account controls: inline on wide screens, behind a Menu button on a phone
 * (CSS decides which; the button is hidden on wide screens). Closes on navigation and on Escape.
 */
export function HeaderMenu({ children, label = 'Menu' }: { children: ReactNode; label?: string }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const id = useId();
  useEffect(() => {
    if (pathname) setOpen(false);
  }, [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary btn-sm menu-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((v) => !v)}
      >
        <span aria-hidden="true" className="menu-icon" />
        {label}
      </button>
      <div id={id} className="header-menu" data-open={open ? 'true' : 'false'}>
        {children}
      </div>
    </>
  );
}
