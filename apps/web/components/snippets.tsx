'use client';

import { useId, useState } from 'react';
import type { InstallSnippet } from '@/lib/types';
import { CodeBlock } from './client';

/** How to connect a client: pick the client from a list (it never clips at phone width), see its snippet. */
export function Snippets({ snippets }: { snippets: InstallSnippet[] }) {
  const [active, setActive] = useState(snippets[0]?.id);
  const id = useId();
  const snippet = snippets.find((s) => s.id === active) ?? snippets[0];
  if (!snippet) return null;
  return (
    <div className="client-picker" data-testid="client-picker">
      <label htmlFor={`${id}-client`} className="label">
        Your MCP client
      </label>
      <select
        id={`${id}-client`}
        className="select"
        value={snippet.id}
        onChange={(e) => setActive(e.target.value)}
        aria-describedby={`${id}-where`}
      >
        {snippets.map((s) => (
          <option key={s.id} value={s.id}>
            {s.client}
          </option>
        ))}
      </select>
      <p className="small muted" id={`${id}-where`} style={{ margin: 0 }}>
        Where: {snippet.where}
      </p>
      <CodeBlock code={snippet.code} language={snippet.language} />
    </div>
  );
}
