import { useCallback, useEffect, useState } from 'react';
import type { PageOf, Query, Result } from '../api.ts';

export type Paged<T> = { items: T[]; next: string | null; state: 'loading' | 'ok' | 'error'; message: string };

/** A keyset-paginated list: the first page on each change of `query`, then "load more" with the cursor. */
export function usePaged<T>(
  load: (query: Query) => Promise<Result<PageOf<T>>>,
  query: Query,
  key: string,
): [Paged<T>, () => void] {
  const [paged, setPaged] = useState<Paged<T>>({ items: [], next: null, state: 'loading', message: '' });
  useEffect(() => {
    let current = true;
    setPaged({ items: [], next: null, state: 'loading', message: '' });
    void load(query).then((r) => {
      if (!current) return;
      setPaged(
        r.ok
          ? { items: r.data.items, next: r.data.nextCursor, state: 'ok', message: '' }
          : { items: [], next: null, state: 'error', message: r.message },
      );
    });
    return () => {
      current = false;
    };
    // the key stands for the query's content
  }, [key]);
  const more = useCallback(() => {
    if (!paged.next) return;
    const cursor = paged.next;
    void load({ ...query, cursor }).then((r) =>
      setPaged((p) =>
        r.ok
          ? { ...p, items: [...p.items, ...r.data.items], next: r.data.nextCursor }
          : { ...p, state: 'error', message: r.message },
      ),
    );
  }, [paged.next, load, query]);
  return [paged, more];
}
