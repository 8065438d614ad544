import { signedInVisitor } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** For headers rendered ahead of any request: is the visitor signed in? Always 200, never a secret. */
export async function GET() {
  const visitor = await signedInVisitor();
  return Response.json(
    { signedIn: Boolean(visitor), name: visitor?.name ?? '' },
    { headers: { 'cache-control': 'no-store' } },
  );
}
