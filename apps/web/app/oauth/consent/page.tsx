import type { Metadata } from 'next';
import Link from 'next/link';
import { PublicShell } from '@/components/site-chrome';
import { Consent } from './consent';

export const metadata: Metadata = { title: 'Authorize access', robots: { index: false } };

export default async function ConsentPage({
  searchParams,
}: {
  searchParams: Promise<{ interaction?: string }>;
}) {
  const { interaction } = await searchParams;
  return (
    <PublicShell
      account={
        <nav className="nav" aria-label="Account">
          <Link href="/dashboard">Your servers</Link>
        </nav>
      }
    >
      <Consent interaction={typeof interaction === 'string' ? interaction : ''} />
    </PublicShell>
  );
}
