import type { Metadata } from 'next';
import { ServerPage } from './server-page';

export const metadata: Metadata = { title: 'Server' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ServerPage id={id} />;
}
