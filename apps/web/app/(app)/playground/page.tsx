import type { Metadata } from 'next';
import { Playground } from './playground';

export const metadata: Metadata = { title: 'Playground' };

/** `/playground?connector=<id>` opens with that connector selected. */
export default async function PlaygroundPage({
  searchParams,
}: {
  searchParams: Promise<{ connector?: string | string[] }>;
}) {
  const { connector } = await searchParams;
  return <Playground initialConnector={typeof connector === 'string' ? connector : null} />;
}
