import { useMemo } from 'react';
import type { MetricsRow } from '../../api/index.ts';
import { Chart } from './Chart.tsx';
import type { ChartOption } from './echarts.ts';
import { MetricsTable } from './MetricsTable.tsx';

/** Empathy, compassion and overall by day or week with the n of each period, and the figures in a table beside the chart. */
export function TrendChart({ rows, by, label = 'Empathy, compassion and overall scores' }: { rows: MetricsRow[]; by: string; label?: string }) {
  const option = useMemo<ChartOption>(() => ({
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 48, top: 48, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.group ?? '') },
    yAxis: [{ type: 'value', min: 0, max: 100, name: 'score' }, { type: 'value', name: 'n', splitLine: { show: false } }],
    series: [
      { type: 'bar', name: 'Conversations (n)', yAxisIndex: 1, data: rows.map((r) => r.count), itemStyle: { color: '#c9d6e8' } },
      { type: 'line', name: 'Empathy', data: rows.map((r) => r.empathy), connectNulls: false, showSymbol: rows.length < 60 },
      { type: 'line', name: 'Compassion', data: rows.map((r) => r.compassion), showSymbol: rows.length < 60 },
      { type: 'line', name: 'Overall', data: rows.map((r) => r.overall), showSymbol: rows.length < 60 },
    ],
  }), [rows]);
  if (rows.length === 0) return <p className="muted">No dated conversations in this period.</p>;
  return (
    <>
      <Chart option={option} label={`${label} by ${by}, with the number of conversations`} height={280} />
      <details>
        <summary>Figures by {by}</summary>
        <MetricsTable rows={rows} groupLabel={by} />
      </details>
    </>
  );
}
