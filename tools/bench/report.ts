export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** A fixed-width table row; numbers get thousands separators. */
export function row(cells: (string | number)[]): string {
  return cells
    .map((c, i) => {
      const text = typeof c === 'number' ? c.toLocaleString('en') : c;
      return i === 0 ? text.padEnd(52) : text.padStart(16);
    })
    .join('');
}
