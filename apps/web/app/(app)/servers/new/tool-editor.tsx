'use client';

import { useId, useState } from 'react';
import { CodeBlock } from '@/components/client';
import { Button, Pill } from '@/components/ui';
import { checkToolJson } from '@/lib/tool-check';

type Tool = Record<string, any>;

/** One drafted tool: a read view, or a JSON editor that validates on every keystroke. */
export function ToolCard({
  tool,
  otherNames,
  startEditing = false,
  onSave,
  onRemove,
  onCancelNew,
}: {
  tool: Tool | string;
  otherNames: string[];
  startEditing?: boolean;
  onSave: (tool: Tool) => void;
  onRemove: () => void;
  onCancelNew?: () => void;
}) {
  const [editing, setEditing] = useState(startEditing);
  const [text, setText] = useState(() => (typeof tool === 'string' ? tool : JSON.stringify(tool, null, 2)));
  const id = useId();
  const check = checkToolJson(text, otherNames);

  if (editing || typeof tool === 'string') {
    return (
      <div className="tool-card">
        <label htmlFor={`${id}-json`} className="label">
          Tool JSON
        </label>
        <textarea
          id={`${id}-json`}
          className="textarea code"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={!check.ok}
          aria-describedby={`${id}-status`}
        />
        <div id={`${id}-status`} aria-live="polite" style={{ margin: '8px 0' }}>
          {check.ok ? (
            <span className="field-ok">Valid tool.</span>
          ) : (
            <ul className="field-error" style={{ margin: 0, paddingLeft: 18 }}>
              {check.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="row">
          <Button
            size="sm"
            disabled={!check.ok}
            onClick={() => {
              if (check.ok) {
                onSave(check.tool);
                setEditing(false);
              }
            }}
          >
            Save tool
          </Button>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              if (typeof tool === 'string') onCancelNew?.();
              else {
                setText(JSON.stringify(tool, null, 2));
                setEditing(false);
              }
            }}
          >
            Cancel
          </Button>
        </div>
      </div>
    );
  }

  const hints = Object.entries((tool.annotations ?? {}) as Record<string, boolean>).filter(([, v]) => v);
  return (
    <div className="tool-card" data-testid="tool-card">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div>
          <h3 style={{ margin: 0 }}>
            <code>{tool.name}</code>
          </h3>
          {tool.title && <div className="muted small">{tool.title}</div>}
        </div>
        <div className="row">
          <Button
            size="sm"
            variant="secondary"
            onClick={() => setEditing(true)}
            aria-label={`Edit ${tool.name}`}
          >
            Edit
          </Button>
          <Button size="sm" variant="ghost" onClick={onRemove} aria-label={`Remove ${tool.name}`}>
            Remove
          </Button>
        </div>
      </div>
      <p style={{ margin: '8px 0' }}>{tool.description}</p>
      <div className="row" style={{ marginBottom: 8 }}>
        <Pill tone="accent">{tool.impl?.kind === 'http' ? `HTTP ${tool.impl.method}` : 'code'}</Pill>
        {hints.map(([k]) => (
          <Pill key={k} tone="info">
            {k.replace(/Hint$/, '')}
          </Pill>
        ))}
        {(tool.scopes ?? []).map((s: string) => (
          <Pill key={s}>{s}</Pill>
        ))}
      </div>
      <details className="details">
        <summary>Input schema</summary>
        <CodeBlock code={JSON.stringify(tool.inputSchema, null, 2)} language="json" />
      </details>
    </div>
  );
}
