import { Pill } from '@/components/ui';
import type { Connector } from '@/lib/connectors';

/** "OAuth · signed in", "sign-in required", "Headers", "No auth" or an error. */
export function ConnectorStatus({ connector: c }: { connector: Connector }) {
  if (c.authType === 'oauth')
    return c.status === 'ready' && c.signedIn ? (
      <Pill tone="ok">OAuth · signed in</Pill>
    ) : c.status === 'error' ? (
      <Pill tone="danger">OAuth · error</Pill>
    ) : (
      <Pill tone="warn">sign-in required</Pill>
    );
  return c.status === 'error' ? (
    <Pill tone="danger">error</Pill>
  ) : (
    <Pill tone="ok">{c.authType === 'headers' ? 'Headers' : 'No auth'}</Pill>
  );
}
