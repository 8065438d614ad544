import Link from 'next/link';
import type { ReactNode } from 'react';
import { signedInVisitor } from '@/lib/session';
import { AccountLinks } from './account-links';
import { HeaderMenu } from './header-menu';
import { StatusBadge } from './status-badge';

export function Brand() {
  return (
    <Link href="/" className="brand">
      <span className="brand-mark" aria-hidden="true">
        M
      </span>
      BuildMyMCPServer
    </Link>
  );
}

/** Log in / Sign up for visitors; Dashboard for someone signed in. */
async function AccountNav() {
  return <AccountLinks initial={await signedInVisitor()} />;
}

export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="site-header">
      <div className="container">
        <Brand />
        <HeaderMenu>
          <nav className="nav" aria-label="Main">
            <Link href="/docs">Docs</Link>
            <Link href="/pricing">Pricing</Link>
            <Link href="/changelog">Changelog</Link>
            <Link href="/status">Status</Link>
          </nav>
          <span className="spacer" />
          {children ?? <AccountNav />}
        </HeaderMenu>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container row" style={{ justifyContent: 'space-between' }}>
        <span>© 2026 BuildMyMCPServer — open source, self-hostable.</span>
        <StatusBadge />
        <nav aria-label="Footer">
          <Link href="/docs">Docs</Link>
          <Link href="/pricing">Pricing</Link>
          <Link href="/changelog">Changelog</Link>
          <Link href="/status">Status</Link>
          <Link href="/security">Security</Link>
          <Link href="/privacy">Privacy</Link>
          <Link href="/terms">Terms</Link>
        </nav>
      </div>
    </footer>
  );
}

/** `account` replaces the log-in/sign-up links (pages that are only for signed-in people). */
export function PublicShell({ children, account }: { children: ReactNode; account?: ReactNode }) {
  return (
    <>
      <SiteHeader>{account}</SiteHeader>
      <main id="main">
        <div className="container">{children}</div>
      </main>
      <SiteFooter />
    </>
  );
}
