import type { ReactNode } from 'react';

/** A scrollable, keyboard-reachable table region with one header row; children are the body rows. */
export function Table({
  label,
  columns,
  className,
  children,
}: {
  label: string;
  columns: ReactNode[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table className={className}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" key={i}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
