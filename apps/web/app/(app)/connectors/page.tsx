import type { Metadata } from 'next';
import { Connectors } from './connectors';

export const metadata: Metadata = { title: 'Connectors' };

export default function ConnectorsPage() {
  return <Connectors />;
}
