import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, buildUrl, type Query } from './client';
import type { Health } from './types';

export interface GetState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetch again with the same path and query. */
  reload: () => void;
}

/**
 * GET `path` with `query` and keep the answer; fetches again whenever the URL changes.
 * A `null` path fetches nothing (for example while a dialog is closed).
 */
export function useGet<T>(path: string | null, query?: Query): GetState<T> {
  const url = path === null ? null : buildUrl(path, query);
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(url !== null);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger
  useEffect(() => {
    if (url === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api
      .get<T>(url, undefined, { signal: controller.signal })
      .then((value) => {
        if (!controller.signal.aborted) setData(value);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err instanceof ApiError ? err : new ApiError({ status: 0, title: '加载失败，请稍后重试' }));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [url, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** `/api/health`, read once per page load; tells whether demo data is loaded. */
let healthPromise: Promise<Health | null> | null = null;

export function fetchHealth(): Promise<Health | null> {
  healthPromise ??= api.get<Health>('/api/health', undefined, { quiet401: true }).catch(() => null);
  return healthPromise;
}

export function useHealth(): Health | null {
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    let live = true;
    fetchHealth().then((h) => {
      if (live) setHealth(h);
    });
    return () => {
      live = false;
    };
  }, []);
  return health;
}

export const DEMO_NOTICE = '演示模式：当前数据为根据公开报道生成的演示数据，所有账号密码为 Honglian@2026';

/** Debounce a changing value (search boxes). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
