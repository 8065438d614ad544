'use client';

import { useMemo } from 'react';
import { slugProblem } from '@/lib/tool-check';

/**
 * Checks the slug as it is typed: format and reserved words (the API's rules). Whether it is still
 * free is answered by the draft request, which refuses a taken slug with 409 before any drafting.
 */
export function useSlugCheck(slug: string): { error: string | null; ok: string | null } {
  return useMemo(() => {
    if (!slug) return { error: null, ok: null };
    const problem = slugProblem(slug);
    if (problem) return { error: problem, ok: null };
    return { error: null, ok: `Your server will live at …/${slug}/mcp` };
  }, [slug]);
}
