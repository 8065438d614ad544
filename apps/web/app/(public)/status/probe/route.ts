import { webEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

export interface Probe {
  id: string;
  name: string;
  ok: boolean;
  status: number | null;
  ms: number;
  detail: string;
}

const SERVICES = [
  { id: 'web', name: 'Web app', url: () => null },
  { id: 'api', name: 'REST API', url: () => `${webEnv().apiInternal}/healthz` },
  { id: 'oauth-as', name: 'Authorization server', url: () => `${webEnv().oauthInternalOrigin}/healthz` },
  { id: 'builder', name: 'Builder', url: () => `${webEnv().builderUrl}/healthz` },
  { id: 'runner', name: 'Runner (hosted servers)', url: () => `${webEnv().runnerUrl}/healthz` },
];

async function probe(service: (typeof SERVICES)[number]): Promise<Probe> {
  const url = service.url();
  const started = performance.now();
  if (url === null)
    return { id: service.id, name: service.name, ok: true, status: 200, ms: 0, detail: 'serving this page' };
  try {
    const res = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(3000) });
    const ms = Math.round(performance.now() - started);
    return {
      id: service.id,
      name: service.name,
      ok: res.ok,
      status: res.status,
      ms,
      detail: res.ok ? 'operational' : `answered ${res.status}`,
    };
  } catch (err) {
    const ms = Math.round(performance.now() - started);
    const timedOut = (err as Error).name === 'TimeoutError';
    return {
      id: service.id,
      name: service.name,
      ok: false,
      status: null,
      ms,
      detail: timedOut ? 'no answer within 3 s' : 'unreachable',
    };
  }
}

/** Health of every service, probed from the web server (the browser cannot reach them all). */
export async function GET() {
  const probes = await Promise.all(SERVICES.map(probe));
  return Response.json(
    { checkedAt: new Date().toISOString(), probes },
    { headers: { 'cache-control': 'no-store' } },
  );
}
