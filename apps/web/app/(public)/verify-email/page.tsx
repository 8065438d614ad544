import type { Metadata } from 'next';
import { VerifyEmail } from './verify';

export const metadata: Metadata = { title: 'Verify your email', robots: { index: false } };

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  return <VerifyEmail token={typeof token === 'string' ? token : ''} />;
}
