import type { Metadata } from 'next';
import Link from 'next/link';
import { PublicShell } from '@/components/site-chrome';
import { UpstreamConnected } from './connected';

export const metadata: Metadata = { title: 'Upstream sign-in', robots: { index: false } };

type Params = { server?: string; upstream?: string; error?: string; error_description?: string };

const one = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Where `${OAUTH_ISSUER}/upstream/connect` ends: a sign-in at the provider done (or failed). */
export default async function UpstreamConnectedPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  return (
    <PublicShell
      account={
        <nav className="nav" aria-label="Account">
          <Link href="/settings/connected-accounts">Connected accounts</Link>
        </nav>
      }
    >
      <UpstreamConnected
        server={one(params.server)}
        upstream={one(params.upstream)}
        error={one(params.error)}
        errorDescription={one(params.error_description)}
      />
    </PublicShell>
  );
}
