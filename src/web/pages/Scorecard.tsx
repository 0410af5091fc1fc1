import { useMemo } from 'react';
import type { MetricsRow } from '../../api/index.ts';
import { Chart } from '../components/Chart.tsx';
import type { ChartOption } from '../components/echarts.ts';
import { kpiText } from '../components/KpiGrid.tsx';
import { MomentCard } from '../components/MomentCard.tsx';
import { Status } from '../components/Status.tsx';
import { count } from '../format.ts';
import { totals, type Kpi } from '../kpis.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.ts';
import { weekly } from './weekly.ts';

/** Higher is better for these; for the rest lower is. */
const HIGHER_IS_BETTER = new Set(['empathy', 'compassion', 'overall', 'sentimentShift']);
const COMPARED = new Set(['empathy', 'compassion', 'overall', 'sentimentShift', 'heardNotHelpedRate', 'missedMomentShare']);
const TREND_ROWS = 1000;

/** Coach, not judge: what the agent does well first, then three moments to work on with the exact words, then the trend. */
export function Scorecard({ agentId }: { agentId: string }) {
  const { api, me } = useSession();
  const own = me.role === 'agent';
  const byAgent = useLoad(() => api.metrics('agent'), [api]);
  const byChannel = useLoad(() => api.metrics('channel'), [api]);
  const best = useLoad(() => api.moments({ agent: agentId, outcome: 'met-specific', limit: 2 }), [api, agentId]);
  const missed = useLoad(() => api.moments({ agent: agentId, outcome: 'missed', limit: 3 }), [api, agentId]);
  const unheard = useLoad(() => api.moments({ agent: agentId, outcome: 'helped-not-heard', limit: 3 }), [api, agentId]);
  const recent = useLoad(() => api.conversations({ agent: agentId, limit: TREND_ROWS }), [api, agentId]);
  return (
    <>
      <h1>{own ? 'Your scorecard' : <>Scorecard: <span className="mono">{agentId}</span></>}</h1>
      <section aria-labelledby="strengths-h">
        <h2 id="strengths-h">Strengths</h2>
        <Status loaded={byAgent}>{(a) => <Status loaded={byChannel}>{(c) => <Strengths row={a.rows.find((r) => r.group === agentId)} peers={own ? null : totals(c.rows)} />}</Status>}</Status>
        <Status loaded={best}>{(b) => (b.items.length ? <div className="moment-list">{b.items.map((m) => <MomentCard key={`${m.conversationId}:${m.turn}`} moment={m} />)}</div> : <p className="muted">No moment met specifically yet.</p>)}</Status>
      </section>
      <section aria-labelledby="coach-h">
        <h2 id="coach-h">Three moments to work on</h2>
        <Status loaded={missed}>{(m) => <Status loaded={unheard}>{(u) => {
          const three = [...m.items, ...u.items].slice(0, 3);
          return three.length ? <div className="moment-list">{three.map((x) => <MomentCard key={`${x.conversationId}:${x.turn}`} moment={x} />)}</div> : <p className="muted">No missed or helped-not-heard moment: nothing to work on here.</p>;
        }}</Status>}</Status>
      </section>
      <section aria-labelledby="trend-h">
        <h2 id="trend-h">Trend by week</h2>
        <Status loaded={recent}>{(r) => <AgentTrend rows={r.items} more={r.nextCursor !== null} />}</Status>
      </section>
    </>
  );
}

function Strengths({ row, peers }: { row: MetricsRow | undefined; peers: Kpi[] | null }) {
  if (!row) return <p className="muted">No analysed conversation for this agent.</p>;
  const mine = totals([row]).filter((k) => COMPARED.has(k.key));
  const peer = new Map((peers ?? []).map((k) => [k.key, k]));
  const better = (k: Kpi) => {
    const p = peer.get(k.key);
    if (!p || p.value === null || k.value === null) return null;
    return HIGHER_IS_BETTER.has(k.key) ? k.value >= p.value : k.value <= p.value;
  };
  const sorted = [...mine].sort((a, b) => Number(better(b) ?? false) - Number(better(a) ?? false));
  return (
    <ul className="kpis" aria-label="This agent's figures">
      {sorted.map((k) => (
        <li key={k.key} className={`kpi ${better(k) ? 'kpi-strength' : ''}`} data-kpi={k.key}>
          <span className="kpi-label">{k.label}{better(k) ? ' ✓' : ''}</span>
          <span className="kpi-value">{kpiText(k)}</span>
          <span className="kpi-n">n = {count(k.n)}{peer.get(k.key) ? ` · all visible: ${kpiText(peer.get(k.key)!)}` : ''}</span>
        </li>
      ))}
    </ul>
  );
}

function AgentTrend({ rows, more }: { rows: Parameters<typeof weekly>[0]; more: boolean }) {
  const weeks = useMemo(() => weekly(rows), [rows]);
  const option = useMemo<ChartOption>(() => ({
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 40, top: 48, bottom: 28 },
    xAxis: { type: 'category', data: weeks.map((w) => w.week) },
    yAxis: [{ type: 'value', min: 0, max: 100 }, { type: 'value', name: 'n', splitLine: { show: false } }],
    series: [
      { type: 'bar', name: 'Conversations (n)', yAxisIndex: 1, data: weeks.map((w) => w.n), itemStyle: { color: '#c9d6e8' } },
      { type: 'line', name: 'Empathy', data: weeks.map((w) => w.empathy) },
      { type: 'line', name: 'Compassion', data: weeks.map((w) => w.compassion) },
    ],
  }), [weeks]);
  if (weeks.length === 0) return <p className="muted">No dated conversations.</p>;
  return (
    <>
      <Chart option={option} label="This agent's weekly empathy and compassion, with the number of conversations" />
      <p className="muted">From the {count(rows.length)} most recent conversations{more ? ` (older ones are not in this chart)` : ''}.</p>
    </>
  );
}
