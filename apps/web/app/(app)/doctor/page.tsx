import type { Metadata } from 'next';
import { Doctor } from './doctor';

export const metadata: Metadata = { title: 'Auth doctor' };

/** `/doctor?url=…` re-runs the check for that URL, so a result can be shared as a link. */
export default async function DoctorPage({ searchParams }: { searchParams: Promise<{ url?: string }> }) {
  const { url } = await searchParams;
  return <Doctor initialUrl={typeof url === 'string' ? url : ''} />;
}
