import { useCallback, useEffect, useState } from 'react';

export interface Fetched<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * What `load` answers for `key`, loaded again when the key changes (another day, another month)
 * and every `refreshMs` when given (the live figures). An answer for an older key is dropped, so
 * a slow January never overwrites the February the lead has since picked.
 */
export function useFetched<T>(key: string, load: (key: string) => Promise<T>, refreshMs?: number): Fetched<T> {
  const [state, setState] = useState<{ key: string; data: T | null; error: unknown; loading: boolean }>({ key, data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    setState((s) => ({ key, data: s.key === key ? s.data : null, error: null, loading: true }));
    load(key).then(
      (data) => current && setState({ key, data, error: null, loading: false }),
      (error: unknown) => current && setState((s) => ({ key, data: s.key === key ? s.data : null, error, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [key, load, tick]);

  useEffect(() => {
    if (!refreshMs) return;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, reload]);

  return { data: state.key === key ? state.data : null, error: state.error, loading: state.loading, reload };
}
