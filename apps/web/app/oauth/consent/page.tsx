import type { Metadata } from 'next';
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
    <PublicShell>
      <Consent interaction={typeof interaction === 'string' ? interaction : ''} />
    </PublicShell>
  );
}
