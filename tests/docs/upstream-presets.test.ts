/**
 * The web's docs page shows the upstream presets from its own copy (the web image does not carry
 * packages/upstream, which holds the OAuth client and the vault). This keeps the copy true.
 */
import { PRESETS } from '@bmm/upstream';
import { describe, expect, it } from 'vitest';
import { UPSTREAM_PRESET_ROWS } from '../../apps/web/lib/upstream-presets.ts';

describe('the presets table of /docs/upstream-sign-in', () => {
  it('lists every preset of packages/upstream with its endpoints, revocation and scope separator', () => {
    expect(UPSTREAM_PRESET_ROWS.map((r) => r.preset).sort()).toEqual(Object.keys(PRESETS).sort());
    for (const row of UPSTREAM_PRESET_ROWS) {
      const preset = PRESETS[row.preset as keyof typeof PRESETS];
      expect(
        {
          label: row.label,
          authorizationUrl: row.authorizationUrl,
          tokenUrl: row.tokenUrl,
          revocationUrl: row.revocationUrl,
          scopeSeparator: row.scopeSeparator,
          appSettingsUrl: row.appSettingsUrl,
        },
        row.preset,
      ).toEqual({
        label: preset.label,
        authorizationUrl: preset.authorizationUrl,
        tokenUrl: preset.tokenUrl,
        revocationUrl: preset.revocationUrl,
        scopeSeparator: preset.scopeSeparator,
        appSettingsUrl: preset.appSettingsUrl,
      });
    }
  });
});
