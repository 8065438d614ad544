import type { Metadata } from 'next';
import { PublicShell } from '@/components/site-chrome';
import { AcceptInvitation } from './accept';

export const metadata: Metadata = { title: 'Accept invitation', robots: { index: false } };

export default async function AcceptPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <PublicShell>
      <AcceptInvitation token={typeof token === 'string' ? token : ''} />
    </PublicShell>
  );
}
