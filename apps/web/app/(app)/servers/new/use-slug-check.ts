'use client';

import { useEffect, useState } from 'react';
import { ApiError, api } from '@/lib/api';
import { slugProblem } from '@/lib/tool-check';

/** Format check at once, then (debounced) whether the API still has the slug free. */
export function useSlugCheck(slug: string): { error: string | null; ok: string | null } {
  const [state, setState] = useState<{ error: string | null; ok: string | null }>({ error: null, ok: null });
  useEffect(() => {
    if (!slug) return setState({ error: null, ok: null });
    const problem = slugProblem(slug);
    if (problem) return setState({ error: problem, ok: null });
    setState({ error: null, ok: null });
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const r = await api<{ available: boolean; reason?: string }>(
          `/v1/servers/slug-check?slug=${encodeURIComponent(slug)}`,
          {
            signal: controller.signal,
          },
        );
        setState(
          r.available
            ? { error: null, ok: `“${slug}” is available.` }
            : { error: r.reason ?? 'This slug is taken.', ok: null },
        );
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        if (err instanceof ApiError && err.status === 400) setState({ error: err.message, ok: null });
      }
    }, 300);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [slug]);
  return state;
}
