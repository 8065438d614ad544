'use client';

import type { InstallSnippet } from '@/lib/types';
import { CodeBlock, Tabs } from './client';

export function Snippets({ snippets }: { snippets: InstallSnippet[] }) {
  if (!snippets.length) return null;
  return (
    <Tabs
      label="Install in an MCP client"
      items={snippets.map((s) => ({
        id: s.id,
        label: s.client,
        content: (
          <>
            <p className="small muted">Where: {s.where}</p>
            <CodeBlock code={s.code} language={s.language} />
          </>
        ),
      }))}
    />
  );
}
