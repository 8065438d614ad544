'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export const DOCS = [
  { href: '/docs', label: 'Quickstart' },
  { href: '/docs/concepts', label: 'MCP concepts' },
  { href: '/docs/oauth', label: 'OAuth 2.1 flow' },
  { href: '/docs/connectors', label: 'Connectors' },
  { href: '/docs/doctor', label: 'Auth doctor' },
  { href: '/docs/upstream-sign-in', label: 'Upstream sign-in' },
  { href: '/docs/authoring', label: 'Authoring tools' },
  { href: '/docs/self-hosting', label: 'Self-hosting' },
  { href: '/docs/api', label: 'API reference' },
  { href: '/docs/faq', label: 'FAQ' },
];

export function DocsNav() {
  const pathname = usePathname();
  return (
    <nav className="docs-nav" aria-label="Documentation">
      {DOCS.map((d) => (
        <Link key={d.href} href={d.href} aria-current={pathname === d.href ? 'page' : undefined}>
          {d.label}
        </Link>
      ))}
    </nav>
  );
}
