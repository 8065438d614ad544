'use client';

/** A JSON value as a tree whose objects and arrays fold (the first levels start open). */
export function JsonTree({ value, label, depth = 0 }: { value: unknown; label?: string; depth?: number }) {
  const name = label !== undefined && <span className="json-key">{label}: </span>;
  if (value === null || typeof value !== 'object')
    return (
      <div className="json-leaf">
        {name}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  if (entries.length === 0)
    return (
      <div className="json-leaf">
        {name}
        <span className="json-null">{Array.isArray(value) ? '[]' : '{}'}</span>
      </div>
    );
  return (
    <details className="json-node" open={depth < 2}>
      <summary>
        {name}
        <span className="muted">{summary}</span>
      </summary>
      <div className="json-children">
        {entries.map(([k, v]) => (
          <JsonTree key={k} label={k} value={v} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}
