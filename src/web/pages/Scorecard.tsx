import { useMemo } from 'react';
import type { MetricsRow } from '../../api/index.ts';
import { kpiText } from '../components/KpiGrid.tsx';
import { MomentCard } from '../components/MomentCard.tsx';
import { Status } from '../components/Status.tsx';
import { count } from '../format.ts';
import { totals, type Kpi } from '../kpis.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.ts';
import { Trend } from '../components/TrendChart.tsx';

/** Higher is better for these; for the rest lower is. */
const HIGHER_IS_BETTER = new Set(['empathy', 'compassion', 'overall', 'sentimentShift']);
const COMPARED = new Set([
  'empathy',
  'compassion',
  'overall',
  'sentimentShift',
  'heardNotHelpedRate',
  'missedMomentShare',
]);

/** Coach, not judge: what the agent does well first, then three moments to work on with the exact words, then the trend. */
export function Scorecard({ agentId }: { agentId: string }) {
  const { api, me } = useSession();
  const own = me.role === 'agent';
  const byAgent = useLoad(() => api.metrics('agent'), [api]);
  const byChannel = useLoad(() => api.metrics('channel'), [api]);
  const best = useLoad(() => api.moments({ agent: agentId, outcome: 'met-specific', limit: 2 }), [api, agentId]);
  const missed = useLoad(() => api.moments({ agent: agentId, outcome: 'missed', limit: 3 }), [api, agentId]);
  const unheard = useLoad(() => api.moments({ agent: agentId, outcome: 'helped-not-heard', limit: 3 }), [api, agentId]);
  return (
    <>
      <h1>
        {own ? (
          'Your scorecard'
        ) : (
          <>
            Scorecard: <span className="mono">{agentId}</span>
          </>
        )}
      </h1>
      <section aria-labelledby="strengths-h">
        <h2 id="strengths-h">Strengths</h2>
        <Status loaded={byAgent}>
          {(a) => (
            <Status loaded={byChannel}>
              {(c) => <Strengths row={a.rows.find((r) => r.group === agentId)} peers={own ? null : totals(c.rows)} />}
            </Status>
          )}
        </Status>
        <Status loaded={best}>
          {(b) =>
            b.items.length ? (
              <div className="moment-list">
                {b.items.map((m) => (
                  <MomentCard key={`${m.conversationId}:${m.turn}`} moment={m} />
                ))}
              </div>
            ) : (
              <p className="muted">No moment met specifically yet.</p>
            )
          }
        </Status>
      </section>
      <section aria-labelledby="coach-h">
        <h2 id="coach-h">Three moments to work on</h2>
        <Status loaded={missed}>
          {(m) => (
            <Status loaded={unheard}>
              {(u) => {
                const three = [...m.items, ...u.items].slice(0, 3);
                return three.length ? (
                  <div className="moment-list">
                    {three.map((x) => (
                      <MomentCard key={`${x.conversationId}:${x.turn}`} moment={x} />
                    ))}
                  </div>
                ) : (
                  <p className="muted">No missed or helped-not-heard moment: nothing to work on here.</p>
                );
              }}
            </Status>
          )}
        </Status>
      </section>
      <AgentTrend agentId={agentId} />
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
          <span className="kpi-label">
            {k.label}
            {better(k) ? ' ✓' : ''}
          </span>
          <span className="kpi-value">{kpiText(k)}</span>
          <span className="kpi-n">
            n = {count(k.n)}
            {peer.get(k.key) ? ` · all visible: ${kpiText(peer.get(k.key)!)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The agent's trend over all their conversations, summed by the database per day or week. */
function AgentTrend({ agentId }: { agentId: string }) {
  const query = useMemo(() => ({ agent: agentId }), [agentId]);
  return (
    <Trend
      query={query}
      label="This agent's empathy, compassion and overall scores"
      note={(data) => (
        <p className="muted" data-trend-total>
          Over all {count(data.total.count)} analysed conversations of this agent
          {data.total.skipped ? ` (${count(data.total.skipped)} opted out, not analysed)` : ''}.
        </p>
      )}
    />
  );
}
