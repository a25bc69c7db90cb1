import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";

export interface Loaded<T> {
  /** data is the last value loaded; it stays while a reload is under way. */
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** reload asks again with the same inputs. */
  reload(): void;
}

/**
 * useLoad runs an API call when its inputs change (and on reload), aborting
 * the call in flight when they change again or the component goes away.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/**
 * useLoadFor is useLoad for data that belongs to one key (a team id, say):
 * data is undefined until it has been loaded for the current key, so a page
 * never shows one team's answer (such as who its admins are) for another.
 */
export function useLoadFor<T>(key: string, load: (key: string, signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const loaded = useLoad(async (signal) => ({ key, value: await load(key, signal) }), [key, ...deps]);
  return { ...loaded, data: loaded.data?.key === key ? loaded.data.value : undefined };
}
