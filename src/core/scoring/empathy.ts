import type { BehaviourKind, Factor } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { clampScore, factor, factorEvidence, total } from './factor.ts';
import { agentBehaviours, type ResolvedMoment, type TurnFindings } from './moments.ts';

const OUTCOME_WHY = {
  'met-specific': 'acknowledged in the customer\'s own terms',
  'met-generic': 'acknowledged, but not in the customer\'s terms',
  'helped-not-heard': 'fixed without acknowledging how the customer felt',
  missed: 'nothing in the reply answered it',
} as const;

/** Heard: were the customer's moments met, specifically and in time, without the negatives that undo it. */
export function empathyScore(findings: readonly TurnFindings[], moments: readonly ResolvedMoment[], lexicon: CompiledLexicon) {
  const w = lexicon.data.weights;
  const factors: Factor[] = [];
  const agent = agentBehaviours(findings);
  if (moments.length) {
    for (const m of moments) {
      let credit = w.moment[m.outcome];
      let why: string = OUTCOME_WHY[m.outcome];
      if (m.ackBeforeFix === false) {
        credit += w.fixBeforeAckCredit;
        why += '; the fix came before the acknowledgement';
      } else if (m.ackBeforeFix) why += '; acknowledged before fixing';
      if (m.outcome === 'met-specific' && m.triggers.includes('cue:hurry') && !m.evidence.some((e) => e.detector === 'specificity')) {
        why = 'a hurrying customer got a brief, direct answer';
      }
      credit = Math.max(0, Math.min(1, credit));
      factors.push(factor(`moment:turn-${m.turn}`, (100 * credit) / moments.length, `${m.triggers.join(', ')} → ${m.outcome}: ${why}`, m.evidence));
      if (m.longPreamble) factors.push(factor('hurry-preamble', w.hurryPreamble, 'the customer asked for speed and got a preamble first', m.evidence.slice(-2)));
    }
  } else {
    factors.push(factor('baseline', w.noMomentBaseline, 'no customer turn called for empathy'));
    const reflections = agent.get('reflection') ?? [];
    if (reflections.length) factors.push(factor('reflection', w.empathyNoMomentSpecific, 'the agent reflected what the customer said', factorEvidence(reflections)));
  }
  let penalty = 0;
  for (const [kind, weight] of Object.entries(w.empathyPenalty) as [BehaviourKind, number][]) {
    const hits = agent.get(kind);
    if (!hits) continue;
    const amount = Math.max(w.empathyPenaltyCap - penalty, weight * hits.length);
    penalty += amount;
    const why = kind === 'scripted' ? 'stock formulas never add to a score; each one costs a little' : `${kind} undoes empathy`;
    factors.push(factor(kind, amount, why, factorEvidence(hits)));
  }
  return { score: clampScore(total(factors)), factors };
}
