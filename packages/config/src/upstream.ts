import { z } from 'zod';

/** The presets of packages/spec (UPSTREAM_PRESETS); a test in packages/upstream keeps both in step. */
export const UPSTREAM_APP_PRESETS = [
  'github',
  'google',
  'slack',
  'notion',
  'linear',
  'atlassian',
  'microsoft',
  'gitlab',
] as const;

const credential = z.string().min(1).max(2000).optional();

/**
 * `UPSTREAM_<PRESET>_CLIENT_ID` / `_CLIENT_SECRET`: the operator's own OAuth app per preset, used by
 * every server whose secrets hold no client id for that upstream.
 */
export const upstreamApps: Record<string, typeof credential> = Object.fromEntries(
  UPSTREAM_APP_PRESETS.flatMap((preset) => {
    const name = preset.toUpperCase();
    return [
      [
        `UPSTREAM_${name}_CLIENT_ID`,
        credential.describe(
          `Platform-wide ${preset} OAuth app (client id) for upstream sign-in, used when a server brings none.`,
        ),
      ],
      [
        `UPSTREAM_${name}_CLIENT_SECRET`,
        credential.describe(`Client secret of the platform-wide ${preset} OAuth app.`),
      ],
    ];
  }),
);

/** The platform's OAuth apps from a parsed config, by preset. */
export function platformUpstreamApps(
  config: Record<string, unknown>,
): Partial<Record<(typeof UPSTREAM_APP_PRESETS)[number], { clientId: string; clientSecret?: string }>> {
  const apps: Partial<
    Record<(typeof UPSTREAM_APP_PRESETS)[number], { clientId: string; clientSecret?: string }>
  > = {};
  for (const preset of UPSTREAM_APP_PRESETS) {
    const name = preset.toUpperCase();
    const clientId = config[`UPSTREAM_${name}_CLIENT_ID`];
    const clientSecret = config[`UPSTREAM_${name}_CLIENT_SECRET`];
    if (typeof clientId === 'string' && clientId)
      apps[preset] = { clientId, ...(typeof clientSecret === 'string' && clientSecret && { clientSecret }) };
  }
  return apps;
}
