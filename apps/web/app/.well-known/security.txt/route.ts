import { webEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

/** RFC 9116: where to report a vulnerability (the /security page says the same in words). */
export function GET() {
  const web = webEnv().webUrl;
  const expires = new Date(Date.now() + 180 * 24 * 3600 * 1000).toISOString();
  const body = [
    'Contact: mailto:security@buildmymcpserver.dev',
    `Expires: ${expires}`,
    'Preferred-Languages: en',
    `Policy: ${web}/security#disclosure`,
    `Canonical: ${web}/.well-known/security.txt`,
    '',
  ].join('\n');
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
