/** Prints rows as an aligned plain-text table (first column left, others right). */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) =>
    r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Figures below 1 with three decimals, counts and rates as integers. */
export const fmt = (x: number) =>
  Number.isInteger(x) ? String(x) : Math.abs(x) < 1.5 ? x.toFixed(3) : String(Math.round(x));
