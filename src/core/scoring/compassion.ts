import type { Evidence, Factor } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import type { Lexicon } from '../lexicon/schema.ts';
import { spanEvidence } from '../analysis/evidence.ts';
import { matchesOf } from '../analysis/prepare.ts';
import { clampScore, factor, factorEvidence, total } from './factor.ts';
import { agentBehaviours, type TurnFindings } from './moments.ts';
import { onlyDefers } from '../detectors/behaviours.ts';

/** What can move the compassion score, each a term `fitCompassionWeights` fits. */
export const COMPASSION_TERMS = [
  'ownership',
  'action',
  'deferral',
  'expectation',
  'exploration',
  'reassurance',
  'resolution',
  'unresolved',
  'policy-hiding',
  'blame',
  'dismissal',
] as const;
export type CompassionTerm = (typeof COMPASSION_TERMS)[number];

const WHY: Record<CompassionTerm, string> = {
  ownership: 'the agent owned the problem',
  action: 'the agent did something concrete',
  deferral: 'the agent only started the help: asked for details, pointed elsewhere or promised a look',
  expectation: 'the agent said what happens next and when',
  exploration: "the agent asked about the customer's situation",
  reassurance: 'reassurance backed by action',
  resolution: 'the customer ended relieved, grateful or satisfied',
  unresolved: 'the customer ended upset',
  'policy-hiding': 'hid behind policy instead of helping',
  blame: 'blamed the customer',
  dismissal: 'dismissed the problem',
};

/** A term's weight in the lexicon. */
export function compassionWeight(term: CompassionTerm, w: Lexicon['weights']): number {
  if (term === 'unresolved') return w.compassionPenalty.unresolvedNegative;
  if (term === 'policy-hiding' || term === 'blame' || term === 'dismissal') return w.compassionPenalty[term];
  // a configuration without its own weight for help that only starts counts it as action, as before
  if (term === 'deferral') return w.compassion.deferral ?? w.compassion.action;
  return w.compassion[term];
}

const excerpt = (f: TurnFindings, detector: string, why: string): Evidence =>
  spanEvidence(f.turn, 0, Math.min(f.turn.text.length, 160), detector, why);

/** The compassion terms a conversation shows, each with its evidence. */
export function compassionTerms(
  findings: readonly TurnFindings[],
  lexicon: CompiledLexicon,
): Map<CompassionTerm, Evidence[]> {
  const agent = agentBehaviours(findings);
  const terms = new Map<CompassionTerm, Evidence[]>();
  const has = (kind: string) => agent.get(kind)?.some((b) => b.evidence.length > 0) ?? false;
  for (const kind of ['ownership', 'expectation', 'exploration', 'policy-hiding', 'blame', 'dismissal'] as const) {
    if (has(kind)) terms.set(kind, factorEvidence(agent.get(kind)!));
  }
  const actions = agent.get('action') ?? [];
  const fixes = actions.filter((b) => !onlyDefers(b));
  if (fixes.length) terms.set('action', factorEvidence(fixes));
  else if (actions.length) terms.set('deferral', factorEvidence(actions));
  if (has('reassurance') && (has('action') || has('ownership')))
    terms.set('reassurance', factorEvidence(agent.get('reassurance')!));
  const customers = findings.filter((f) => f.turn.role === 'customer');
  const last = customers.at(-1);
  if (last && customers.length > 1) {
    const thanked = last.emotions.filter((e) => lexicon.positiveEmotions.has(e.label));
    const negative = last.emotions.filter(
      (e) => !lexicon.positiveEmotions.has(e.label) && e.intensity >= lexicon.emotionThresholds.moment,
    );
    if (!last.sarcastic && (thanked.length || last.sentiment >= 0.3) && !negative.length) {
      terms.set(
        'resolution',
        thanked.length ? factorEvidence(thanked) : [excerpt(last, 'sentiment', 'the customer ended positive')],
      );
    } else if (last.sarcastic || negative.length || last.sentiment <= -0.3) {
      terms.set(
        'unresolved',
        negative.length ? factorEvidence(negative) : [excerpt(last, 'sentiment', 'the customer ended negative')],
      );
    }
  }
  return terms;
}

/**
 * Whether the customer brought anything to be helped with. Only praise or thanks asks nothing of the agent:
 * every customer turn positive, with no question, request or moment. Then "helped" does not apply (as "heard"
 * does not apply without a moment). The evidence is the first turn that asks.
 */
export function helpAsked(findings: readonly TurnFindings[], momentTurns: ReadonlySet<number>): Evidence | null {
  for (const f of findings) {
    if (f.turn.role !== 'customer') continue;
    if (momentTurns.has(f.turn.index))
      return excerpt(f, 'moment', 'the customer raised something that called for empathy');
    if (f.turn.tokens.some((t) => t.norm === '?') || matchesOf(f.turn, 'request').length)
      return excerpt(f, 'question', 'the customer asked for something');
    if (f.sentiment <= 0) return excerpt(f, 'sentiment', 'the customer raised something, not only thanks or praise');
  }
  return null;
}

/** Helped: did empathy come with ownership, action and a resolution the customer felt. */
export function compassionScore(findings: readonly TurnFindings[], lexicon: CompiledLexicon) {
  const w = lexicon.data.weights;
  const factors: Factor[] = [factor('base', w.compassion.base, 'every conversation starts here')];
  const terms = compassionTerms(findings, lexicon);
  for (const term of COMPASSION_TERMS) {
    const evidence = terms.get(term);
    if (evidence) factors.push(factor(term, compassionWeight(term, w), WHY[term], evidence));
  }
  return { score: clampScore(total(factors)), factors };
}
