'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { useMe } from '@/components/app-shell';
import { Alert, Button, Card, Input, PageHead, Pill, Spinner } from '@/components/ui';
import { api, errorMessage, ok } from '@/lib/api';
import { useApi } from '@/lib/use-api';
import { ApiKeys } from './api-keys';
import { Members } from './members';
import { PlanUsage } from './plan-usage';

export function Settings() {
  const { reload: reloadMe } = useMe();
  const { data, error, loading, reload } = useApi('/v1/me/org');
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

  if (loading && !data) return <Spinner label="Loading settings" />;
  if (!data) return <Alert tone="error">{errorMessage(error)}</Alert>;
  const canAdmin = data.role === 'owner' || data.role === 'admin';

  async function rename(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
    setSaved(null);
    setSaveError(null);
    try {
      await ok(api.PATCH('/v1/me/org', { body: { name } }));
      setSaved('Saved.');
      await Promise.all([reload(), reloadMe()]);
    } catch (err) {
      setSaveError(errorMessage(err));
    }
  }

  return (
    <>
      <PageHead title="Settings" description={`${data.org.name} · your role: ${data.role}`} />
      <div className="stack">
        <Card>
          <h2>Organization</h2>
          <form onSubmit={rename} className="row" style={{ alignItems: 'flex-end' }}>
            <div style={{ flex: '1 1 240px' }}>
              <Input
                label="Name"
                name="name"
                defaultValue={data.org.name}
                required
                maxLength={100}
                disabled={!canAdmin}
                error={saveError}
                ok={saved}
              />
            </div>
            {canAdmin && (
              <div className="field">
                <Button type="submit">Save</Button>
              </div>
            )}
          </form>
        </Card>
        <PlanUsage org={data} />
        <Card data-testid="connected-accounts-link">
          <h2>Connected accounts</h2>
          <p className="muted" style={{ marginTop: 0 }}>
            The providers (GitHub, Google, Slack, …) you signed in to through hosted servers, with their
            scopes. Disconnect any of them there.
          </p>
          <Link href="/settings/connected-accounts" className="btn btn-secondary btn-sm">
            Manage connected accounts
          </Link>
        </Card>
        <Members org={data} onChange={reload} />
        {canAdmin ? (
          <ApiKeys />
        ) : (
          <Card>
            <h2>API keys</h2>
            <p className="muted">Only owners and admins manage API keys.</p>
          </Card>
        )}
        <Card>
          <h2>Encryption</h2>
          <p>
            {data.encryption.masterKey ? (
              <Pill tone="ok">master key loaded</Pill>
            ) : (
              <Pill tone="danger">no master key</Pill>
            )}{' '}
            <Pill>key version {data.encryption.keyVersion}</Pill>{' '}
            <Pill>{data.encryption.encryptedSecrets} encrypted secrets</Pill>
          </p>
          <p className="muted small" style={{ margin: 0 }}>
            Server secrets are encrypted with AES-256-GCM under the platform master key, bound to their server
            and name. Values are never shown after you save them.
          </p>
        </Card>
      </div>
    </>
  );
}
