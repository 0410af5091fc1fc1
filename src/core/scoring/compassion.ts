import type { Evidence, Factor } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { spanEvidence } from '../analysis/evidence.ts';
import { clampScore, factor, factorEvidence, total } from './factor.ts';
import { agentBehaviours, type TurnFindings } from './moments.ts';

const excerpt = (f: TurnFindings, detector: string, why: string): Evidence =>
  spanEvidence(f.turn, 0, Math.min(f.turn.text.length, 160), detector, why);

/** Helped: did empathy come with ownership, action and a resolution the customer felt. */
export function compassionScore(findings: readonly TurnFindings[], lexicon: CompiledLexicon) {
  const w = lexicon.data.weights;
  const agent = agentBehaviours(findings);
  const evidenceOf = (kind: string) => factorEvidence(agent.get(kind) ?? []);
  const factors: Factor[] = [factor('base', w.compassion.base, 'every conversation starts here')];
  const has = (kind: string) => agent.get(kind)?.some((b) => b.evidence.length > 0) ?? false;
  const positive = [
    ['ownership', w.compassion.ownership, 'the agent owned the problem'],
    ['action', w.compassion.action, 'the agent did something concrete'],
    ['expectation', w.compassion.expectation, 'the agent said what happens next and when'],
    ['exploration', w.compassion.exploration, 'the agent asked about the customer\'s situation'],
  ] as const;
  for (const [kind, weight, why] of positive) if (has(kind)) factors.push(factor(kind, weight, why, evidenceOf(kind)));
  if (has('reassurance') && (has('action') || has('ownership'))) {
    factors.push(factor('reassurance', w.compassion.reassurance, 'reassurance backed by action', evidenceOf('reassurance')));
  }
  const customers = findings.filter((f) => f.turn.role === 'customer');
  const last = customers.at(-1);
  if (last && customers.length > 1) {
    const thanked = last.emotions.filter((e) => lexicon.positiveEmotions.has(e.label));
    const negative = last.emotions.filter((e) => !lexicon.positiveEmotions.has(e.label) && e.intensity >= lexicon.data.thresholds.momentEmotion);
    if (!last.sarcastic && (thanked.length || last.sentiment >= 0.3) && !negative.length) {
      const evidence = thanked.length ? factorEvidence(thanked) : [excerpt(last, 'sentiment', 'the customer ended positive')];
      factors.push(factor('resolution', w.compassion.resolution, 'the customer ended relieved, grateful or satisfied', evidence));
    } else if (last.sarcastic || negative.length || last.sentiment <= -0.3) {
      const evidence = negative.length ? factorEvidence(negative) : [excerpt(last, 'sentiment', 'the customer ended negative')];
      factors.push(factor('unresolved', w.compassionPenalty.unresolvedNegative, 'the customer ended upset', evidence));
    }
  }
  const negatives = [
    ['policy-hiding', w.compassionPenalty['policy-hiding'], 'hid behind policy instead of helping'],
    ['blame', w.compassionPenalty.blame, 'blamed the customer'],
    ['dismissal', w.compassionPenalty.dismissal, 'dismissed the problem'],
  ] as const;
  for (const [kind, weight, why] of negatives) if (has(kind)) factors.push(factor(kind, weight, why, evidenceOf(kind)));
  return { score: clampScore(total(factors)), factors };
}
