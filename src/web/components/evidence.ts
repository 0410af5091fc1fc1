import type { Evidence, FullAnalysis } from '../../core/schema/index.ts';
import { NEGATIVE } from './behaviours.ts';
import type { Span } from './spans.ts';

const note = (what: string, e: Evidence) => `${what} — ${e.why} (${e.detector})`;
const spanOf = (e: Evidence, what: string, tone: Span['tone']): [number, Span] => [
  e.turn,
  { start: e.start, end: e.end, note: note(what, e), tone },
];

/** Every evidence span of this conversation, by turn, with why it was marked. */
export function spansByTurn(analysis: FullAnalysis): Map<number, Span[]> {
  const all: [number, Span][] = [];
  const here = (e: Evidence) => e.conversation === undefined;
  for (const turn of analysis.turns) {
    for (const emotion of turn.emotions)
      for (const e of emotion.evidence.filter(here))
        all.push(spanOf(e, `${emotion.label} ${Math.round(emotion.intensity * 100)}%`, 'customer'));
    for (const b of turn.behaviours) {
      for (const e of b.evidence.filter(here))
        all.push(
          spanOf(
            e,
            `${b.kind}${b.specific === true ? ' (specific)' : b.specific === false ? ' (generic)' : ''}`,
            NEGATIVE.has(b.kind) ? 'bad' : 'good',
          ),
        );
    }
  }
  for (const cue of analysis.cues)
    for (const e of cue.evidence.filter(here)) all.push(spanOf(e, `cue: ${cue.kind}`, 'customer'));
  for (const v of analysis.vulnerability)
    for (const e of v.evidence.filter(here)) all.push(spanOf(e, `vulnerability: ${v.category}`, 'customer'));
  const byTurn = new Map<number, Span[]>();
  for (const [turn, span] of all) byTurn.set(turn, [...(byTurn.get(turn) ?? []), span]);
  return byTurn;
}
