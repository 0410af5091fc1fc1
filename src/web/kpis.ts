import type { MetricsRow } from '../api/index.ts';

/** One headline figure with the n it was computed over. */
export interface Kpi {
  key: string;
  label: string;
  value: number | null;
  n: number;
  unit: 'score' | 'rate' | 'shift' | 'seconds' | 'count';
}

/** Weighted mean of a per-group figure, each group weighted by its own n; null when no group has one. */
function pooled(
  rows: readonly MetricsRow[],
  value: (r: MetricsRow) => number | null,
  n: (r: MetricsRow) => number,
): { value: number | null; n: number } {
  let sum = 0;
  let total = 0;
  for (const r of rows) {
    const v = value(r);
    if (v === null || n(r) === 0) continue;
    sum += v * n(r);
    total += n(r);
  }
  return { value: total === 0 ? null : sum / total, n: total };
}

/**
 * The KPIs over every conversation in scope, pooled from rows that partition it (every
 * conversation has exactly one channel), each figure over its own n as the API defines it.
 */
export function totals(rows: readonly MetricsRow[]): Kpi[] {
  const analysed = (r: MetricsRow) => r.count;
  const of = (
    key: string,
    label: string,
    unit: Kpi['unit'],
    value: (r: MetricsRow) => number | null,
    n: (r: MetricsRow) => number,
  ): Kpi => ({ key, label, unit, ...pooled(rows, value, n) });
  const moments = rows.reduce((s, r) => s + r.momentCount, 0);
  const missed = rows.reduce((s, r) => s + Math.round((r.missedMomentShare ?? 0) * r.momentCount), 0);
  return [
    of(
      'empathy',
      'Empathy',
      'score',
      (r) => r.empathy,
      (r) => r.empathyCount,
    ),
    of('compassion', 'Compassion', 'score', (r) => r.compassion, analysed),
    of('overall', 'Overall', 'score', (r) => r.overall, analysed),
    of('heardNotHelpedRate', 'Heard, not helped', 'rate', (r) => r.heardNotHelpedRate, analysed),
    of('sentimentShift', 'Sentiment shift', 'shift', (r) => r.sentimentShift, analysed),
    of('humanRequiredRate', 'Human required', 'rate', (r) => r.humanRequiredRate, analysed),
    { key: 'missedMoments', label: 'Missed moments', unit: 'count', value: moments === 0 ? null : missed, n: moments },
    of(
      'missedMomentShare',
      'Missed moment share',
      'rate',
      (r) => r.missedMomentShare,
      (r) => r.momentCount,
    ),
    of('repeatContactRate', 'Repeat contacts', 'rate', (r) => r.repeatContactRate, analysed),
    of('vulnerableRate', 'Vulnerable customers', 'rate', (r) => r.vulnerableRate, analysed),
    of(
      'handleTimeSeconds',
      'Handle time',
      'seconds',
      (r) => r.handleTimeSeconds,
      (r) => r.handleTimeConversations,
    ),
  ];
}

/** The KPIs a breakdown chart can show, with the n that each is computed over. */
export const CHARTABLE = [
  { key: 'empathy', label: 'Empathy', n: (r: MetricsRow) => r.empathyCount },
  { key: 'compassion', label: 'Compassion', n: (r: MetricsRow) => r.count },
  { key: 'overall', label: 'Overall', n: (r: MetricsRow) => r.count },
  { key: 'heardNotHelpedRate', label: 'Heard, not helped', n: (r: MetricsRow) => r.count },
  { key: 'sentimentShift', label: 'Sentiment shift', n: (r: MetricsRow) => r.count },
  { key: 'humanRequiredRate', label: 'Human required', n: (r: MetricsRow) => r.count },
  { key: 'missedMomentShare', label: 'Missed moment share', n: (r: MetricsRow) => r.momentCount },
  { key: 'repeatContactRate', label: 'Repeat contacts', n: (r: MetricsRow) => r.count },
] as const satisfies readonly { key: keyof MetricsRow; label: string; n: (r: MetricsRow) => number }[];
export type ChartableKey = (typeof CHARTABLE)[number]['key'];
