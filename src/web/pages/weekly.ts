import type { ConversationRow } from '../../api/index.ts';

export interface Week { week: string; n: number; empathy: number | null; empathyN: number; compassion: number | null }

/** Weekly means of one agent's analysed conversations (rows carry their ISO week); opted-out ones are left out. */
export function weekly(rows: readonly ConversationRow[]): Week[] {
  const weeks = new Map<string, ConversationRow[]>();
  for (const r of rows) if (r.week !== null && !r.skipped) weeks.set(r.week, [...(weeks.get(r.week) ?? []), r]);
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return [...weeks].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, rs]) => {
    const empathy = rs.flatMap((r) => (r.empathy === null ? [] : [r.empathy]));
    return { week, n: rs.length, empathy: mean(empathy), empathyN: empathy.length, compassion: mean(rs.flatMap((r) => (r.compassion === null ? [] : [r.compassion]))) };
  });
}
