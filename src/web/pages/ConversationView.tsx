import { useMemo } from 'react';
import type { Conversation, FullAnalysis } from '../../core/schema/index.ts';
import type { ConversationRow } from '../../api/index.ts';
import type { ConversationDetail } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import type { ChartOption } from '../components/echarts.ts';
import { EvidenceLinks } from '../components/EvidenceLinks.tsx';
import { spansByTurn } from '../components/evidence.ts';
import { Highlighted, showSpan, turnId } from '../components/Highlighted.tsx';
import { Status } from '../components/Status.tsx';
import { label, score, signed, when } from '../format.ts';
import { useLoad } from '../load.ts';
import { href } from '../router.ts';
import { canReview, useSession } from '../session.ts';
import { Table } from '../components/Table.tsx';

/** One conversation: the turns with their evidence marked, the customer's feelings, moments, routing and why each score is what it is. */
export function ConversationView({ id }: { id: string }) {
  const { api } = useSession();
  const loaded = useLoad(() => api.conversation(id), [api, id]);
  return (
    <Status
      loaded={loaded}
      heading={
        <h1>
          Conversation <span className="mono">{id}</span>
        </h1>
      }
    >
      {(data) => <Detail detail={data} />}
    </Status>
  );
}

function Detail({ detail }: { detail: ConversationDetail }) {
  const { me } = useSession();
  const { row, conversation, analysis } = detail;
  return (
    <>
      <div className="title-row">
        <h1>
          Conversation <span className="mono">{row.id}</span>
        </h1>
        {canReview(me) ? (
          <a className="button" href={href(['calibration'], { conversation: row.id })}>
            Rate this conversation
          </a>
        ) : null}
      </div>
      <Facts row={row} />
      {conversation?.metadata && Object.keys(conversation.metadata).length ? (
        <dl className="facts" aria-label="Metadata">
          {Object.entries(conversation.metadata).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {'skipped' in analysis || conversation === null ? (
        <p className="notice">The customer opted out of analysis: nothing was analysed and no text was stored.</p>
      ) : (
        <Analysed conversation={conversation} analysis={analysis} />
      )}
    </>
  );
}

function Facts({ row }: { row: ConversationRow }) {
  const facts: [string, string][] = [
    ['Channel', row.channel],
    ['Started', when(row.startedAt)],
    ['Agent', row.agentId ?? '–'],
    ['Team', row.team ?? '–'],
    ['Queue', row.queue ?? '–'],
    ['Customer', row.customerId ?? '–'],
    ['Shift', row.shift ?? '–'],
  ];
  return (
    <dl className="facts">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Analysed({ conversation, analysis }: { conversation: Conversation; analysis: FullAnalysis }) {
  const s = analysis.scores;
  return (
    <>
      <ul className="kpis" aria-label="Scores">
        <li className="kpi" data-kpi="empathy">
          <span className="kpi-label">Empathy</span>
          <span className="kpi-value">{score(s.empathy)}</span>
          <span className="kpi-n">{s.empathy === null ? 'no moment called for empathy' : 'heard'}</span>
        </li>
        <li className="kpi" data-kpi="compassion">
          <span className="kpi-label">Compassion</span>
          <span className="kpi-value">{score(s.compassion)}</span>
          <span className="kpi-n">helped</span>
        </li>
        <li className="kpi" data-kpi="overall">
          <span className="kpi-label">Overall</span>
          <span className="kpi-value">{score(s.overall)}</span>
          <span className="kpi-n">combined</span>
        </li>
        <li className="kpi" data-kpi="sentimentShift">
          <span className="kpi-label">Sentiment shift</span>
          <span className="kpi-value">{signed(s.sentimentShift)}</span>
          <span className="kpi-n">customer, start to end</span>
        </li>
        <li className="kpi" data-kpi="heardNotHelped">
          <span className="kpi-label">Heard, not helped</span>
          <span className="kpi-value">{s.heardNotHelped ? 'yes' : 'no'}</span>
          <span className="kpi-n">&nbsp;</span>
        </li>
      </ul>
      <Routing analysis={analysis} />
      <FeelingChart analysis={analysis} />
      <Timeline conversation={conversation} analysis={analysis} />
      <Moments analysis={analysis} />
      <WhyThisScore analysis={analysis} />
    </>
  );
}

function Routing({ analysis }: { analysis: FullAnalysis }) {
  const r = analysis.routing;
  return (
    <section aria-labelledby="routing-h" className="panel">
      <h2 id="routing-h">
        Routing:{' '}
        <span className={r.decision === 'human-required' ? 'flag-bad' : 'flag-ok'}>
          {r.decision === 'human-required' ? 'a human is required' : 'AI-safe'}
        </span>
      </h2>
      {r.reasons.length ? (
        <ul>
          {r.reasons.map((reason, i) => (
            <li key={i}>{reason}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">No reason to require a human.</p>
      )}
      <Table label="Automation matrix" columns={['Dimension', 'Level', 'Evidence']}>
        {Object.entries(r.dimensions).map(([name, d]) => (
          <tr key={name}>
            <th scope="row">{label(name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`))}</th>
            <td>{d.level}</td>
            <td>
              <EvidenceLinks evidence={d.evidence} />
            </td>
          </tr>
        ))}
      </Table>
      <p>
        <strong>Tier {analysis.tier}</strong> ({analysis.tierReason.topic}){' '}
        <EvidenceLinks evidence={analysis.tierReason.evidence} />
      </p>
      <h3>Vulnerability</h3>
      {analysis.vulnerability.length === 0 ? (
        <p className="muted">None identified.</p>
      ) : (
        <ul>
          {analysis.vulnerability.map((v, i) => (
            <li key={i}>
              {label(v.category)} ({label(v.cue)}) <EvidenceLinks evidence={v.evidence} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FeelingChart({ analysis }: { analysis: FullAnalysis }) {
  const option = useMemo<ChartOption>(() => {
    const customer = analysis.turns.filter((t) => t.role === 'customer');
    const labels = [...new Set(customer.flatMap((t) => t.emotions.map((e) => e.label)))];
    return {
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 40, top: 48, bottom: 28 },
      xAxis: { type: 'category', name: 'turn', data: customer.map((t) => String(t.index + 1)) },
      yAxis: [
        { type: 'value', min: -1, max: 1, name: 'sentiment' },
        { type: 'value', min: 0, max: 1, name: 'intensity', splitLine: { show: false } },
      ],
      series: [
        { type: 'line', name: 'Sentiment', data: customer.map((t) => t.sentiment), itemStyle: { color: '#1b5e20' } },
        ...labels.map((l) => ({
          type: 'bar' as const,
          name: l,
          stack: 'emotion',
          yAxisIndex: 1,
          barMaxWidth: 48,
          data: customer.map((t) => t.emotions.find((e) => e.label === l)?.intensity ?? 0),
        })),
      ],
    };
  }, [analysis]);
  return (
    <section aria-labelledby="feeling-h">
      <h2 id="feeling-h">What the customer felt, turn by turn</h2>
      <Chart
        option={option}
        label="The customer's sentiment (line, -1 to 1) and emotions with their intensity (bars) at each customer turn"
      />
    </section>
  );
}

function Timeline({ conversation, analysis }: { conversation: Conversation; analysis: FullAnalysis }) {
  const spans = useMemo(() => spansByTurn(analysis), [analysis]);
  const moments = new Map(analysis.moments.map((m) => [m.turn, m]));
  return (
    <section aria-labelledby="timeline-h">
      <h2 id="timeline-h">Turns</h2>
      <p className="muted legend">
        <mark className="ev ev-customer">customer signal</mark> <mark className="ev ev-good">empathy or help</mark>{' '}
        <mark className="ev ev-bad">scripted, blaming, dismissive</mark> — hover or focus a mark for the reason.
      </p>
      <ol className="timeline">
        {conversation.turns.map((turn, i) => {
          const t = analysis.turns[i];
          const m = moments.get(i);
          return (
            <li key={i} id={turnId(i)} tabIndex={-1} className={`turn turn-${turn.role}`}>
              <div className="turn-head">
                <span className="role">{turn.role}</span>{' '}
                <span className="muted">
                  turn {i + 1}
                  {turn.at ? ` · ${when(turn.at)}` : ''}
                </span>
                {t && turn.role === 'customer' ? (
                  <span className="muted"> · sentiment {t.sentiment.toFixed(2)}</span>
                ) : null}
                {m ? <span className={`moment moment-${m.outcome}`}>moment: {label(m.outcome)}</span> : null}
              </div>
              <p className="turn-text">
                <Highlighted text={turn.text} spans={spans.get(i) ?? []} />
              </p>
              {t && (t.emotions.length || t.behaviours.length) ? (
                <p className="chips">
                  {t.emotions.map((e) => (
                    <span key={e.label} className="chip chip-customer">
                      {e.label} {Math.round(e.intensity * 100)}%
                    </span>
                  ))}
                  {t.behaviours.map((b, j) => (
                    <span key={j} className="chip">
                      {label(b.kind)}
                      {b.specific === true ? ' (specific)' : b.specific === false ? ' (generic)' : ''}
                    </span>
                  ))}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Moments({ analysis }: { analysis: FullAnalysis }) {
  return (
    <section aria-labelledby="moments-h">
      <h2 id="moments-h">Empathy moments</h2>
      {analysis.moments.length === 0 ? (
        <p className="muted">No customer turn called for empathy.</p>
      ) : (
        <ul className="moments">
          {analysis.moments.map((m) => (
            <li key={m.turn}>
              <button type="button" className="link" onClick={() => showSpan(m.turn, 0, Number.MAX_SAFE_INTEGER)}>
                Turn {m.turn + 1}
              </button>{' '}
              ({m.triggers.map(label).join(', ')}):{' '}
              <span className={`moment moment-${m.outcome}`}>{label(m.outcome)}</span>
              {m.responseTurn === null ? (
                ' — nobody answered'
              ) : (
                <>
                  {' '}
                  — answered at{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => showSpan(m.responseTurn!, 0, Number.MAX_SAFE_INTEGER)}
                  >
                    turn {m.responseTurn + 1}
                  </button>
                </>
              )}
              {m.ackBeforeFix === null
                ? null
                : m.ackBeforeFix
                  ? ', acknowledged before the fix'
                  : ', fixed before acknowledging'}
              <EvidenceLinks evidence={m.evidence} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const SCORES = [
  ['empathy', 'Empathy'],
  ['compassion', 'Compassion'],
  ['overall', 'Overall'],
  ['sentimentShift', 'Sentiment shift'],
] as const;

function WhyThisScore({ analysis }: { analysis: FullAnalysis }) {
  return (
    <section aria-labelledby="why-h">
      <h2 id="why-h">Why this score</h2>
      {SCORES.map(([key, name]) => (
        <div key={key} className="why">
          <h3>
            {name}: {key === 'sentimentShift' ? signed(analysis.scores[key]) : score(analysis.scores[key])}
          </h3>
          {analysis.explanation[key].length === 0 ? (
            <p className="muted">No factor recorded.</p>
          ) : (
            <Table label={`${name} factors`} columns={['Factor', 'Effect', 'Why', 'Words']}>
              {analysis.explanation[key].map((f, i) => (
                <tr key={i}>
                  <th scope="row">{label(f.factor)}</th>
                  <td className={f.contribution < 0 ? 'neg' : 'pos'}>{signed(f.contribution)}</td>
                  <td>{f.why}</td>
                  <td>
                    <EvidenceLinks evidence={f.evidence} />
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </div>
      ))}
    </section>
  );
}
