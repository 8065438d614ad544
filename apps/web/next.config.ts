import type { NextConfig } from 'next';

// Proxying to the API and oauth-as happens in proxy.ts, which reads the environment at start-up
// (rewrites here would be frozen into the build). See lib/env.ts for the variables.
const securityHeaders = [
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

const nextConfig: NextConfig = {
  // The browser tests build into their own directory so they never serve a build that another
  // process (`pnpm start`, a second test run) is rewriting under them.
  distDir: process.env.BMM_WEB_DIST_DIR || '.next',
  // Types are checked by `pnpm typecheck`; the browser tests skip the second check to build faster.
  typescript: { ignoreBuildErrors: process.env.BMM_WEB_SKIP_TYPECHECK === '1' },
  poweredByHeader: false,
  reactStrictMode: true,
  // The proxied API keeps trailing slashes as sent.
  skipTrailingSlashRedirect: true,
  // The ServerSpec's name patterns, bundled from their source (one file, no imports), so a build
  // needs no `dist/` of @bmm/spec and the pages check slugs and secret names by the spec's own rules.
  turbopack: { resolveAlias: { '@bmm/spec/patterns': '../../packages/spec/src/patterns.ts' } },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
