import type { Metadata } from 'next';
import Link from 'next/link';
import { PublicShell } from '@/components/site-chrome';
import { AcceptInvitation } from './accept';

export const metadata: Metadata = { title: 'Accept invitation', robots: { index: false } };

export default async function AcceptPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <PublicShell
      account={
        <nav className="nav" aria-label="Account">
          <Link href="/dashboard">Your servers</Link>
        </nav>
      }
    >
      <AcceptInvitation token={typeof token === 'string' ? token : ''} />
    </PublicShell>
  );
}
