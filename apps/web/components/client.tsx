'use client';

import { type ReactNode, useId, useRef, useState } from 'react';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API unavailable (insecure context): fall back to a hidden textarea.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    // The name begins with what the button shows, also once it says Copied (axe:
    // label-content-name-mismatch), and goes on with the start of what it copies.
    <button
      type="button"
      className="btn btn-secondary btn-sm copy"
      onClick={copy}
      aria-label={`${copied ? 'Copied' : label}: ${text.slice(0, 60)}`}
    >
      <span aria-live="polite">{copied ? 'Copied' : label}</span>
    </button>
  );
}

export function CodeBlock({
  code,
  language,
  copy = true,
}: {
  code: string;
  language?: string;
  copy?: boolean;
}) {
  return (
    <div className={`code-block${copy ? ' has-copy' : ''}`}>
      {/* Focusable so a keyboard can scroll a long line into view. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take keyboard focus */}
      <pre tabIndex={0}>
        <code data-language={language}>{code}</code>
      </pre>
      {copy && <CopyButton text={code} />}
    </div>
  );
}

/** A value on one line with a copy button next to it (URLs). */
export function CopyField({ value }: { value: string }) {
  return (
    <span className="copy-inline">
      <code title={value}>{value}</code>
      <CopyButton text={value} />
    </span>
  );
}

export interface TabItem {
  id: string;
  label: string;
  content: ReactNode;
}

/** WAI-ARIA tabs: arrow keys move between tabs, Tab moves into the panel. */
export function Tabs({ items, label, initial }: { items: TabItem[]; label: string; initial?: string }) {
  const [active, setActive] = useState(initial ?? items[0]?.id);
  const base = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKey(e: React.KeyboardEvent, index: number) {
    let next = index;
    if (e.key === 'ArrowRight') next = (index + 1) % items.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + items.length) % items.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    else return;
    e.preventDefault();
    setActive(items[next]!.id);
    refs.current[next]?.focus();
  }
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label}>
        {items.map((item, i) => (
          <button
            key={item.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${item.id}`}
            aria-selected={active === item.id}
            aria-controls={`${base}-panel-${item.id}`}
            tabIndex={active === item.id ? 0 : -1}
            onClick={() => setActive(item.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {item.label}
          </button>
        ))}
      </div>
      {items.map((item) =>
        item.id === active ? (
          <div
            key={item.id}
            role="tabpanel"
            id={`${base}-panel-${item.id}`}
            aria-labelledby={`${base}-tab-${item.id}`}
          >
            {item.content}
          </div>
        ) : null,
      )}
    </div>
  );
}
