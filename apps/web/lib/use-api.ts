'use client';

import type { ClientPathsWithMethod, FetchOptions } from 'openapi-fetch';
import { useCallback, useEffect, useState } from 'react';
import { type Answer, type ApiClient, ApiError, api, loginUrl, ok } from './api';
import type { paths } from './api-types';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (value: T) => void;
}

type GetPath = ClientPathsWithMethod<ApiClient, 'get'>;

/** The path and query parameters of `GET path`. */
export type GetParams<P extends GetPath> = FetchOptions<paths[P]['get']>['params'];

/**
 * GET a resource (`null`: not yet, or not for this visitor); a 401 sends the visitor to the login
 * page and back here afterwards. Loads again when the path or its parameters change.
 */
export function useApi<P extends GetPath>(path: P | null, params?: GetParams<P>): Loaded<Answer<P>> {
  const [data, setData] = useState<Answer<P> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const key = path === null ? null : JSON.stringify([path, params ?? null]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for path and params
  const load = useCallback(
    async (signal?: AbortSignal) => {
      if (path === null) return;
      setLoading(true);
      try {
        // openapi-fetch checks a literal path at its call site; here the path is a type parameter,
        // so this one call goes through an untyped signature and the answer is typed by `Answer<P>`.
        const get = api.GET as (
          path: string,
          init: object,
        ) => Promise<{ data?: unknown; response: Response }>;
        setData((await ok(get(path, { params, signal }))) as Answer<P>);
        setError(null);
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        if (err instanceof ApiError && err.status === 401) {
          window.location.assign(loginUrl());
          return;
        }
        setError(err);
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [key],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  return { data, error, loading, reload: () => load(), setData };
}
