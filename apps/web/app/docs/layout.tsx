import type { ReactNode } from 'react';
import { PublicShell } from '@/components/site-chrome';
import { DocsNav } from './docs-nav';

export default function DocsLayout({ children }: { children: ReactNode }) {
  return (
    <PublicShell>
      <div className="docs">
        <DocsNav />
        <article className="article">{children}</article>
      </div>
    </PublicShell>
  );
}
