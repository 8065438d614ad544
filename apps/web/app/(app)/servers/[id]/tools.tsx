'use client';

import { useState } from 'react';
import { BuildLog } from '@/components/build-log';
import { type Tool, ToolEditor, ToolSummary } from '@/components/tool-editor';
import { Alert, Button, Card } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';

/**
 * The Tools tab: each tool with the wizard's form. Saving one stores a new version of the spec
 * (PUT /v1/servers/{id}/spec) and builds it; the live version serves until the build succeeds.
 */
export function Tools({
  serverId,
  spec,
  onChange,
}: {
  serverId: string;
  spec: Record<string, any> | null;
  onChange: () => Promise<void>;
}) {
  const tools = (spec?.tools ?? []) as Tool[];
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [build, setBuild] = useState<{ id: string; message: string } | null>(null);

  async function save(next: Tool[], what: string) {
    if (!spec) return;
    setSaving(true);
    setError(null);
    try {
      const r = await ok(
        api.PUT('/v1/servers/{id}/spec', {
          params: { path: { id: serverId } },
          body: { spec: { ...spec, tools: next } },
        }),
      );
      setEditing(null);
      setBuild({ id: r.build.id, message: `${what} A new version is stored; building it now.` });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const context = (without: number | null) => ({ ...spec, tools: tools.filter((_, j) => j !== without) });
  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <p className="muted small" style={{ margin: 0 }}>
          Saving a tool stores a new version and builds it; the live version serves until the build succeeds.
        </p>
        <Button
          size="sm"
          variant="secondary"
          disabled={!spec || editing !== null}
          onClick={() => setEditing('new')}
        >
          Add a tool
        </Button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {build && (
        <Card>
          <p className="field-ok" role="status" style={{ marginTop: 0 }}>
            {build.message}
          </p>
          <BuildLog key={build.id} buildId={build.id} onDone={() => void onChange()} />
        </Card>
      )}
      {tools.length === 0 && editing === null && <p className="muted">This server has no tools yet.</p>}
      {tools.map((t, i) =>
        editing === i ? (
          <ToolEditor
            key={`edit-${t.name}`}
            tool={t}
            context={context(i)}
            busy={saving}
            saveLabel="Save and build"
            onSave={(saved) =>
              void save(
                tools.map((x, j) => (j === i ? saved : x)),
                `Saved ${saved.name}.`,
              )
            }
            onCancel={() => setEditing(null)}
          />
        ) : (
          <ToolSummary
            key={t.name}
            tool={t}
            disabled={editing !== null || saving}
            onEdit={() => setEditing(i)}
          />
        ),
      )}
      {editing === 'new' && (
        <ToolEditor
          key="new"
          tool={null}
          context={context(null)}
          busy={saving}
          saveLabel="Add and build"
          onSave={(saved) => void save([...tools, saved], `Added ${saved.name}.`)}
          onCancel={() => setEditing(null)}
        />
      )}
    </div>
  );
}
