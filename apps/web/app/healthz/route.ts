export const dynamic = 'force-dynamic';

/** Liveness of the web server itself (the other services have their own /healthz). */
export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
