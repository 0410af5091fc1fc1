import type { BehaviourKind, Factor, MomentOutcome } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { clampScore, factor, factorEvidence, total } from './factor.ts';
import { agentBehaviours, type ResolvedMoment, type TurnFindings } from './moments.ts';
import { onlyDefers } from '../detectors/behaviours.ts';

const OUTCOME_WHY = {
  'met-specific': "acknowledged in the customer's own terms",
  'met-generic': "acknowledged, but not in the customer's terms",
  'helped-not-heard': 'helped without acknowledging how the customer felt',
  missed: 'nothing in the reply answered it, or the reply undid it',
} as const;

/** What one answered moment's reply did: the terms its credit is a weighted sum of (and what `fitEmpathyWeights` fits). */
export interface MomentTerms {
  outcome: MomentOutcome;
  /** The outcome the credit is taken from: a reply met only with stock formulas is credited as if they were not there. */
  credited: MomentOutcome;
  /**
   * The reply helped (and did not undo the moment): a fix, steps, an answer. Help is one term whatever the
   * acknowledgement, so a bare generic apology is not worth more than a fix, and the fit can tell them apart.
   */
  helped: boolean;
  /** The customer's next turn said the reply worked (thanks, "works now"): counted as help that fixed, seen or not. */
  resolved: boolean;
  /** The reply's only help starts it: asks for details, points elsewhere or promises a look (never with `helped`). */
  deferred: boolean;
  /** Heard, and owned it (ownership, or an apology that owns the fault). */
  owned: boolean;
  explored: boolean;
  fixBeforeAck: boolean;
  /** A hurrying customer got the brief, direct answer they asked for: met in full. */
  hurryBrief: boolean;
}

export function momentTerms(m: ResolvedMoment): MomentTerms {
  // a formula or a bare apology would be said to anyone: the reply is credited for what else it did
  const hollow = m.stockOnly || m.bareApology;
  const resolved = m.resolved.length > 0;
  const credited: MomentOutcome = hollow
    ? m.reply.helped.length || resolved
      ? 'helped-not-heard'
      : 'missed'
    : m.outcome;
  const heard = credited === 'met-specific' || credited === 'met-generic';
  const helps = credited !== 'missed' && (m.reply.helped.length > 0 || resolved);
  // the customer's word that it worked outweighs how the agent's words read: a request for details that ended in "works now" was a fix
  const fixes = helps && (resolved || m.reply.helped.some((b) => !onlyDefers(b)));
  return {
    outcome: m.outcome,
    credited,
    helped: fixes,
    resolved,
    deferred: helps && !fixes,
    owned: heard && m.reply.owned.length > 0,
    explored: credited !== 'missed' && m.reply.explored.length > 0,
    // the timing of an acknowledgement that earns nothing does not matter
    fixBeforeAck: m.ackBeforeFix === false && !hollow,
    hurryBrief:
      m.outcome === 'met-specific' &&
      m.triggers.includes('cue:hurry') &&
      !m.evidence.some((e) => e.detector === 'specificity'),
  };
}

/** One moment's credit, 0..1: the acknowledgement (the outcome), then what else the reply did (help, ownership, a question, timing). */
function momentCredit(m: ResolvedMoment, lexicon: CompiledLexicon): { credit: number; why: string } {
  const w = lexicon.data.weights;
  const t = momentTerms(m);
  // a brief, direct answer is what a hurrying customer asked for: credited as a specific acknowledgement with help,
  // so brevity never costs, and the credit stays the weighted sum the weights are fitted as
  if (t.hurryBrief)
    return {
      credit: Math.min(1, w.moment['met-specific'] + w.momentGrade.helped),
      why: 'a hurrying customer got a brief, direct answer: as good as acknowledging their situation and helping',
    };
  let credit = w.moment[t.credited];
  const why: string[] = [
    m.stockOnly || m.bareApology
      ? `acknowledged only with ${m.stockOnly ? 'a stock formula' : 'a bare apology that would fit anyone'}, which earns nothing; ${OUTCOME_WHY[t.credited]}`
      : OUTCOME_WHY[t.outcome],
  ];
  if (t.helped) {
    credit += w.momentGrade.helped;
    if (t.resolved) why.push('the customer said it worked: the reply helped');
    else if (t.credited !== 'helped-not-heard') why.push('and helped');
  } else if (t.deferred) {
    credit += w.momentGrade.deferred ?? w.momentGrade.helped;
    why.push('the help only starts: it asks for details, points elsewhere or promises a look');
  }
  if (t.owned) {
    credit += w.momentGrade.owned;
    why.push('owned it');
  }
  if (t.explored) {
    credit += w.momentGrade.explored;
    why.push('asked about the situation');
  }
  if (t.fixBeforeAck) {
    credit += w.fixBeforeAckCredit;
    why.push('the fix came before the acknowledgement');
  } else if (m.ackBeforeFix) why.push('acknowledged before fixing');
  const undoing = [...new Set(m.reply.vetoed.map((b) => b.kind))].filter((k) => k !== 'scripted');
  if (undoing.length) why.push(`the reply ${undoing.join(', ')}: that undoes it`);
  else if (m.reply.vetoed.length && t.credited !== 'missed' && !m.stockOnly)
    why.push('not specific: the reply also holds a stock formula');
  return { credit: Math.max(0, Math.min(1, credit)), why: why.join('; ') };
}

/**
 * Heard: were the customer's moments met, specifically and in time, without the negatives that undo it.
 * With no moment there is nothing to be heard about: the score is null, not a constant.
 */
export function empathyScore(
  findings: readonly TurnFindings[],
  moments: readonly ResolvedMoment[],
  lexicon: CompiledLexicon,
): { score: number | null; factors: Factor[] } {
  if (!moments.length)
    return {
      score: null,
      factors: [factor('no-moment', 0, 'no customer turn called for empathy: there is no response to score')],
    };
  const answered = moments.filter((m) => m.responseTurn !== null);
  const factors: Factor[] = moments
    .filter((m) => m.responseTurn === null)
    .map((m) =>
      factor(
        `moment:turn-${m.turn}`,
        0,
        `${m.triggers.join(', ')}: no reply follows in this conversation, so nothing to score`,
        m.evidence,
      ),
    );
  if (!answered.length) return { score: null, factors };
  const w = lexicon.data.weights;
  for (const m of answered) {
    const { credit, why } = momentCredit(m, lexicon);
    factors.push(
      factor(
        `moment:turn-${m.turn}`,
        (100 * credit) / answered.length,
        `${m.triggers.join(', ')} -> ${m.outcome}: ${why}`,
        m.evidence,
      ),
    );
    if (m.longPreamble)
      factors.push(
        factor(
          'hurry-preamble',
          w.hurryPreamble,
          'the customer asked for speed and got a preamble first',
          m.evidence.slice(-2),
        ),
      );
  }
  const agent = agentBehaviours(findings);
  let penalty = 0;
  for (const [kind, weight] of Object.entries(w.empathyPenalty) as [BehaviourKind, number][]) {
    const hits = agent.get(kind);
    if (!hits) continue;
    const amount = Math.max(w.empathyPenaltyCap - penalty, weight * hits.length);
    penalty += amount;
    const why =
      kind === 'scripted'
        ? `stock formulas never add to a score${amount < 0 ? '; each one costs a little' : ''}`
        : `${kind} undoes empathy`;
    factors.push(factor(kind, amount, why, factorEvidence(hits)));
  }
  return { score: clampScore(total(factors)), factors };
}
