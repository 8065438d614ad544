'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { api, errorMessage, ok } from '@/lib/api';
import type { Me } from '@/lib/types';
import { useApi } from '@/lib/use-api';
import { HeaderMenu } from './header-menu';
import { Alert, Button, Spinner } from './ui';

type Org = Me['orgs'][number];

const MeContext = createContext<{ me: Me; activeOrg: Org | null; reload: () => Promise<void> } | null>(null);

export function useMe() {
  const value = useContext(MeContext);
  if (!value) throw new Error('useMe outside AppShell');
  return value;
}

const LINKS = [
  { href: '/dashboard', label: 'Servers' },
  { href: '/servers/new', label: 'New server' },
  { href: '/audit', label: 'Audit log' },
  { href: '/connectors', label: 'Connectors' },
  { href: '/playground', label: 'Playground' },
  { href: '/doctor', label: 'Auth doctor' },
  { href: '/settings', label: 'Settings' },
  { href: '/docs', label: 'Docs' },
];

/** Only for instance admins (every org, plans). */
const ADMIN_LINK = { href: '/admin', label: 'Admin' };

function OrgSwitcher({
  me,
  activeOrg,
  reload,
}: {
  me: Me;
  activeOrg: Org | null;
  reload: () => Promise<void>;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  if (me.orgs.length < 2) return <span className="muted small">{activeOrg?.name}</span>;
  return (
    <label className="row small">
      <span className="sr-only">Organization</span>
      <select
        className="select"
        style={{ width: 'auto', padding: '5px 8px' }}
        value={activeOrg?.id}
        onChange={async (e) => {
          try {
            await ok(api.POST('/v1/me/org/switch', { body: { orgId: e.target.value } }));
            await reload();
            router.push('/dashboard');
          } catch (err) {
            setError(errorMessage(err));
          }
        }}
      >
        {me.orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}

/** Shown until the person clicks the link of the verification email. */
function VerifyEmailBanner({ me }: { me: Me }) {
  const [state, setState] = useState<{ sent?: boolean; error?: string }>({});
  const [busy, setBusy] = useState(false);
  if (me.user.emailVerified) return null;
  const where = me.emailDelivery === 'server_log' ? 'check the server log' : 'check your inbox';
  return (
    <Alert tone="warn">
      <strong>Verify your email address.</strong> We sent a link to {me.user.email} — {where}. Servers shared
      with your address and invitations to it open once it is verified.{' '}
      {state.sent ? (
        <span>A new link is on its way.</span>
      ) : (
        <Button
          variant="secondary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await ok(api.POST('/v1/auth/verify-email/resend'));
              setState({ sent: true });
            } catch (err) {
              setState({ error: errorMessage(err) });
            } finally {
              setBusy(false);
            }
          }}
        >
          Send a new link
        </Button>
      )}
      {state.error && <span className="field-error"> {state.error}</span>}
    </Alert>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const { data: me, error, loading, reload } = useApi('/v1/me');
  const activeOrg = useMemo(
    () => (me ? (me.orgs.find((o) => o.id === me.activeOrgId) ?? me.orgs[0] ?? null) : null),
    [me],
  );
  return (
    <>
      <header className="site-header">
        <div className="container">
          <Link href="/dashboard" className="brand">
            <span className="brand-mark" aria-hidden="true">
              M
            </span>
            <span className="sr-only-sm">BuildMyMCPServer</span>
          </Link>
          <HeaderMenu>
            <nav className="nav" aria-label="App">
              {[...LINKS, ...(me?.user.instanceAdmin ? [ADMIN_LINK] : [])].map((l) => (
                <Link
                  key={l.href}
                  href={l.href}
                  aria-current={
                    pathname === l.href || (l.href === '/dashboard' && /^\/servers\/(?!new)/.test(pathname))
                      ? 'page'
                      : undefined
                  }
                >
                  {l.label}
                </Link>
              ))}
            </nav>
            <span className="spacer" />
            {me && (
              <div className="row header-account">
                <OrgSwitcher me={me} activeOrg={activeOrg} reload={reload} />
                <span className="small hide-sm" title={me.user.email}>
                  {me.user.name || me.user.email}
                </span>
                <Link href="/logout" className="btn btn-secondary btn-sm">
                  Log out
                </Link>
              </div>
            )}
          </HeaderMenu>
        </div>
      </header>
      <main id="main">
        <div className="container">
          {loading && !me && <Spinner />}
          {error != null && !me && (
            <div className="card">
              <Alert tone="error">
                {errorMessage(error)} The <Link href="/status">status page</Link> shows which service is
                affected.
              </Alert>
              <Button variant="secondary" onClick={() => void reload()}>
                Try again
              </Button>
            </div>
          )}
          {me && <VerifyEmailBanner me={me} />}
          {me && <MeContext.Provider value={{ me, activeOrg, reload }}>{children}</MeContext.Provider>}
        </div>
      </main>
    </>
  );
}
