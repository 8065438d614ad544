import type { ServerSpec } from '@bmm/spec';

/** A ready-made server on a real public API (or self-contained code), matched from a prompt. */
export interface Template {
  id: string;
  name: string;
  description: string;
  /** Words and phrases that point at this template; weight 2 = strong signal, 1 = weak. */
  keywords: Record<string, 1 | 2>;
  spec: Omit<ServerSpec, 'name' | 'slug'>;
}
