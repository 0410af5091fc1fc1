import type { MomentRow } from '../../api/index.ts';
import { label, when } from '../format.ts';
import { href } from '../router.ts';
import { Highlighted } from './Highlighted.tsx';
import type { Span } from './spans.ts';

const spansOf = (m: MomentRow, turn: number): Span[] =>
  m.evidence
    .filter((e) => e.turn === turn && e.conversation === undefined)
    .map((e) => ({
      start: e.start,
      end: e.end,
      note: `${e.why} (${e.detector})`,
      tone: turn === m.turn ? 'customer' : 'good',
    }));

/** A moment with the customer's and the agent's exact words, side by side. */
export function MomentCard({ moment: m }: { moment: MomentRow }) {
  return (
    <article className={`moment-card moment-card-${m.outcome}`}>
      <header>
        <span className={`moment moment-${m.outcome}`}>{label(m.outcome)}</span>{' '}
        <span className="muted">
          {m.triggers.map(label).join(', ')} · {m.agentId ?? 'no agent'}
          {m.team ? ` (${m.team})` : ''} · {when(m.startedAt)}
        </span>
      </header>
      <div className="words">
        <blockquote>
          <span className="who-said">Customer</span>
          <Highlighted text={m.customerText} spans={spansOf(m, m.turn)} />
        </blockquote>
        <blockquote>
          <span className="who-said">Reply</span>
          {m.agentText === null ? (
            <em>nobody answered</em>
          ) : (
            <Highlighted text={m.agentText} spans={m.responseTurn === null ? [] : spansOf(m, m.responseTurn)} />
          )}
        </blockquote>
      </div>
      <a href={href(['conversations', m.conversationId])}>
        Open conversation <span className="mono">{m.conversationId}</span>, turn {m.turn + 1}
      </a>
    </article>
  );
}
