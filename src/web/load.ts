import { useEffect, useState } from 'react';
import type { Result } from './api.ts';

export type Loaded<T> =
  { state: 'loading' } | { state: 'error'; message: string; status: number } | { state: 'ok'; data: T };

/** Runs `load` whenever `deps` change; a stale answer never overwrites a newer one. */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    load().then((result) => {
      if (!current) return;
      setLoaded(
        result.ok
          ? { state: 'ok', data: result.data }
          : { state: 'error', message: result.message, status: result.status },
      );
    });
    return () => {
      current = false;
    };
  }, deps);
  return loaded;
}
