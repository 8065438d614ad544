import type { Metadata } from 'next';
import { Wizard } from './wizard';

export const metadata: Metadata = { title: 'New server' };

export default function NewServerPage() {
  return <Wizard />;
}
