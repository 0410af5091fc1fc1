/** How figures read on screen; a missing figure is a dash, never a zero. */
const DASH = '–';

export const score = (x: number | null | undefined) => (x === null || x === undefined ? DASH : x.toFixed(1));
export const percent = (x: number | null | undefined) =>
  x === null || x === undefined ? DASH : `${(x * 100).toFixed(1)}%`;
export const signed = (x: number | null | undefined) =>
  x === null || x === undefined ? DASH : `${x > 0 ? '+' : ''}${x.toFixed(1)}`;
export const count = (x: number) => x.toLocaleString('en');
export function seconds(x: number | null | undefined): string {
  if (x === null || x === undefined) return DASH;
  if (x >= 86_400) return `${(x / 86_400).toFixed(1)} days`;
  if (x >= 3_600) return `${Math.floor(x / 3_600)}h ${String(Math.round((x % 3_600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(x / 60)}m ${String(Math.round(x % 60)).padStart(2, '0')}s`;
}
export const when = (iso: string | null) => (iso === null ? DASH : iso.slice(0, 16).replace('T', ' '));
export const label = (kind: string) => kind.replace(/-/g, ' ');
