import { useMemo, useState } from 'react';
import type { GroupBy, MetricsRow } from '../../api/index.ts';
import type { Query } from '../api.ts';
import { Trend } from '../components/TrendChart.tsx';
import { Chart } from '../components/Chart.tsx';
import type { ChartOption } from '../components/echarts.ts';
import { KpiGrid } from '../components/KpiGrid.tsx';
import { MetricsTable } from '../components/MetricsTable.tsx';
import { Status } from '../components/Status.tsx';
import { CHARTABLE, totals, type ChartableKey } from '../kpis.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.ts';

const RANGES = [
  { key: 'all', label: 'All time', days: null },
  { key: '7', label: 'Last 7 days', days: 7 },
  { key: '30', label: 'Last 30 days', days: 30 },
  { key: '90', label: 'Last 90 days', days: 90 },
  { key: '365', label: 'Last 365 days', days: 365 },
] as const;

const BREAKDOWNS: { key: GroupBy; label: string }[] = [
  { key: 'team', label: 'Team' },
  { key: 'channel', label: 'Channel' },
  { key: 'queue', label: 'Queue' },
  { key: 'shift', label: 'Shift' },
  { key: 'agent', label: 'Agent' },
];

function rangeQuery(key: string): Query {
  const days = RANGES.find((r) => r.key === key)?.days ?? null;
  return days === null ? {} : { from: new Date(Date.now() - days * 86_400_000).toISOString() };
}

/** KPIs with their n, the trend by day or week, and a breakdown by team, channel, queue, shift or agent. */
export function Overview({ initialGroup = 'team' }: { initialGroup?: GroupBy }) {
  const { api, me } = useSession();
  const [range, setRange] = useState('all');
  const query = useMemo(() => rangeQuery(range), [range]);
  const all = useLoad(() => api.metrics('channel', query), [api, query]);
  return (
    <>
      <div className="title-row">
        <h1>{initialGroup === 'agent' ? 'Agents' : 'Overview'}</h1>
        <label className="inline">
          Period{' '}
          <select value={range} onChange={(e) => setRange(e.target.value)}>
            {RANGES.map((r) => (
              <option key={r.key} value={r.key}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">
        {me.role === 'agent'
          ? 'Your own conversations only.'
          : me.role === 'supervisor'
            ? `Teams: ${me.teams.join(', ')}.`
            : 'Every conversation in the store.'}{' '}
        Each figure shows the n it was computed over.
      </p>
      <Status loaded={all}>{(data) => <KpiGrid kpis={totals([data.total])} skipped={data.total.skipped} />}</Status>
      {initialGroup === 'agent' ? null : <Trend query={query} />}
      <Breakdown query={query} initial={initialGroup} />
    </>
  );
}

function Breakdown({ query, initial }: { query: Query; initial: GroupBy }) {
  const { api, me } = useSession();
  const [by, setBy] = useState<GroupBy>(initial);
  const [kpi, setKpi] = useState<ChartableKey>('empathy');
  const loaded = useLoad(() => api.metrics(by, query), [api, by, query]);
  const choices = BREAKDOWNS.filter((b) => b.key !== 'agent' || me.role !== 'agent');
  return (
    <section aria-labelledby="breakdown-h">
      <div className="title-row">
        <h2 id="breakdown-h">By {by}</h2>
        <div className="toggle" role="group" aria-label="Break down by">
          {choices.map((b) => (
            <button key={b.key} type="button" aria-pressed={by === b.key} onClick={() => setBy(b.key)}>
              {b.label}
            </button>
          ))}
        </div>
        <label className="inline">
          Figure{' '}
          <select value={kpi} onChange={(e) => setKpi(e.target.value as ChartableKey)}>
            {CHARTABLE.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Status loaded={loaded}>{(data) => <BreakdownChart rows={data.rows} by={by} kpi={kpi} />}</Status>
    </section>
  );
}

function BreakdownChart({ rows, by, kpi }: { rows: MetricsRow[]; by: GroupBy; kpi: ChartableKey }) {
  const spec = CHARTABLE.find((c) => c.key === kpi)!;
  const shown = useMemo(() => rows.filter((r) => r.count > 0).slice(0, 40), [rows]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      yAxis: {
        type: 'category',
        data: shown.map((r) => r.group ?? '(none)'),
        inverse: true,
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      xAxis: { type: 'value' },
      series: [{ type: 'bar', name: spec.label, data: shown.map((r) => r[kpi]), itemStyle: { color: '#2f6db3' } }],
    }),
    [shown, kpi, spec.label],
  );
  if (rows.length === 0) return <p className="muted">No conversations in this period.</p>;
  return (
    <>
      <Chart
        option={option}
        label={`${spec.label} by ${by}${rows.length > shown.length ? ` (first ${shown.length} of ${rows.length})` : ''}`}
        height={Math.max(160, shown.length * 26 + 40)}
      />
      <MetricsTable rows={rows} groupLabel={by} linkAgents={by === 'agent'} />
    </>
  );
}
