import type { Cue, CueKind, Evidence } from '../schema/index.ts';
import { tokenEvidence, quoted } from '../analysis/evidence.ts';
import { matchesOf, type PreparedTurn } from '../analysis/prepare.ts';

/** The context behind a complaint (deadlines, bereavement, repeat contact ...), from a customer turn. */
export function detectCues(turn: PreparedTurn): Cue[] {
  const found = new Map<CueKind, Evidence[]>();
  for (const m of matchesOf(turn, 'cue')) {
    if (turn.negated[m.from]) continue;
    const kind = m.entry.label as CueKind;
    const evidence = tokenEvidence(turn, m.from, m.to, 'lexicon:cue', `${quoted(m.entry.phrase)} signals ${kind}`);
    const list = found.get(kind);
    if (!list) found.set(kind, [evidence]);
    else if (!list.some((e) => e.start <= evidence.start && e.end >= evidence.end)) list.push(evidence);
  }
  return [...found].map(([kind, evidence]) => ({ kind, evidence }));
}
