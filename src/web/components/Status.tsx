import type { ReactNode } from 'react';
import type { Loaded } from '../load.ts';

/** Renders a load's data, or says plainly that it is loading or why it failed. */
export function Status<T>({
  loaded,
  children,
  heading = null,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
  heading?: ReactNode;
}) {
  if (loaded.state === 'loading')
    return (
      <>
        {heading}
        <p className="muted loading" role="status">
          Loading…
        </p>
      </>
    );
  if (loaded.state === 'error')
    return (
      <>
        {heading}
        <p className="error" role="alert">
          {loaded.status === 404 ? 'Not found, or not visible to this key' : 'Could not load'}: {loaded.message}
        </p>
      </>
    );
  return <>{children(loaded.data)}</>;
}
