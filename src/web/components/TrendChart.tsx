import { useMemo, useState, type ReactNode } from 'react';
import type { MetricsResult, MetricsRow } from '../../api/index.ts';
import type { Query } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.ts';
import { Status } from './Status.tsx';
import { Chart } from './Chart.tsx';
import type { ChartOption } from './echarts.ts';
import { MetricsTable } from './MetricsTable.tsx';

/** Empathy, compassion and overall by day or week with the n of each period, and the figures in a table beside the chart. */
export function TrendChart({
  rows,
  by,
  label = 'Empathy, compassion and overall scores',
}: {
  rows: MetricsRow[];
  by: string;
  label?: string;
}) {
  const option = useMemo<ChartOption>(
    () => ({
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 48, top: 48, bottom: 28 },
      xAxis: { type: 'category', data: rows.map((r) => r.group ?? '') },
      yAxis: [
        { type: 'value', min: 0, max: 100, name: 'score' },
        { type: 'value', name: 'n', splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: 'Conversations (n)',
          yAxisIndex: 1,
          data: rows.map((r) => r.count),
          itemStyle: { color: '#c9d6e8' },
        },
        {
          type: 'line',
          name: 'Empathy',
          data: rows.map((r) => r.empathy),
          connectNulls: false,
          showSymbol: rows.length < 60,
        },
        { type: 'line', name: 'Compassion', data: rows.map((r) => r.compassion), showSymbol: rows.length < 60 },
        { type: 'line', name: 'Overall', data: rows.map((r) => r.overall), showSymbol: rows.length < 60 },
      ],
    }),
    [rows],
  );
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

/** The trend section: by day or week (a toggle), the API's metrics for `query` summed per period, and an optional note under the chart. */
export function Trend({
  query,
  label,
  note,
}: {
  query: Query;
  label?: string;
  note?: (data: MetricsResult) => ReactNode;
}) {
  const { api } = useSession();
  const [by, setBy] = useState<'day' | 'week'>('week');
  const loaded = useLoad(() => api.metrics(by, query), [api, by, query]);
  return (
    <section aria-labelledby="trend-h">
      <div className="title-row">
        <h2 id="trend-h">Trend by {by}</h2>
        <div className="toggle" role="group" aria-label="Trend period">
          {(['day', 'week'] as const).map((b) => (
            <button key={b} type="button" aria-pressed={by === b} onClick={() => setBy(b)}>
              By {b}
            </button>
          ))}
        </div>
      </div>
      <Status loaded={loaded}>
        {(data) => (
          <>
            <TrendChart rows={data.rows.filter((r) => r.group !== null)} by={by} {...(label ? { label } : {})} />
            {note?.(data)}
          </>
        )}
      </Status>
    </section>
  );
}
