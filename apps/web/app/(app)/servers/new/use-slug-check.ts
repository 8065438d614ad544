'use client';

import { useEffect, useState } from 'react';
import { type Answer, api, ok } from '@/lib/api';
import { slugProblem } from '@/lib/slug';

/** How long typing must pause before the API is asked whether the slug is free. */
const DEBOUNCE_MS = 300;

type SlugAvailability = Answer<'/v1/servers/slug-availability'>;

const REASON: Record<NonNullable<SlugAvailability['reason']>, (slug: string) => string> = {
  taken: (slug) => `“${slug}” is taken; pick another.`,
  reserved: (slug) => `“${slug}” is reserved; pick another.`,
  invalid: () => 'This slug is not allowed; use lower-case letters, digits and single inner hyphens.',
};

/**
 * Checks the slug as it is typed: its format at once, then — once typing pauses — the API's verdict
 * (`GET /v1/servers/slug-availability`: the create route's own rules, reserved words, and slugs taken
 * by any server, deleted ones included). If that check fails, nothing is shown: the draft request
 * refuses such a slug anyway.
 */
export function useSlugCheck(slug: string): { error: string | null; ok: string | null } {
  const local = slug ? slugProblem(slug) : null;
  const [answer, setAnswer] = useState<SlugAvailability | null>(null);

  useEffect(() => {
    if (!slug || local) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      ok(
        api.GET('/v1/servers/slug-availability', { params: { query: { slug } }, signal: controller.signal }),
      ).then(setAnswer, () => {});
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [slug, local]);

  if (!slug) return { error: null, ok: null };
  if (local) return { error: local, ok: null };
  // An answer about an earlier slug says nothing about this one.
  if (answer?.slug !== slug) return { error: null, ok: null };
  if (!answer.available) return { error: REASON[answer.reason ?? 'invalid'](slug), ok: null };
  return { error: null, ok: `Available: your server will live at …/${slug}/mcp` };
}
