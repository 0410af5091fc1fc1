import type { ReactNode } from 'react';
import { count } from '../format.ts';
import type { Paged } from './usePaged.ts';

/** A paged list with its loading and error states, and a "load more" button until the last page. */
export function PagedList<T>({
  paged,
  more,
  noun,
  children,
}: {
  paged: Paged<T>;
  more: () => void;
  noun: string;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      {paged.state === 'error' ? (
        <p className="error" role="alert">
          Could not load: {paged.message}
        </p>
      ) : null}
      {paged.state === 'loading' ? (
        <p role="status" className="muted loading">
          Loading…
        </p>
      ) : (
        children(paged.items)
      )}
      {paged.next ? (
        <button type="button" onClick={more}>
          Load more
        </button>
      ) : paged.state === 'ok' && paged.items.length ? (
        <p className="muted">
          {count(paged.items.length)} {noun}: the end of the list.
        </p>
      ) : null}
    </>
  );
}
