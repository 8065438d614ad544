import type { Metadata } from 'next';
import { Logout } from '@/components/auth/logout';

export const metadata: Metadata = { title: 'Log out' };

/** `next`: sign in again (as someone else) and come back there, e.g. "Not you? Switch account". */
export default async function LogoutPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <Logout next={typeof next === 'string' ? next : undefined} />;
}
