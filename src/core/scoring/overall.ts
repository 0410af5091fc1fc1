import type { Evidence, Factor } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { clampScore, factor } from './factor.ts';

/** A part of the combined score on a 0..100 scale, or null when it does not apply to this conversation. */
export interface OverallPart {
  score: number | null;
  why: string;
  evidence?: Evidence[];
}

export type OverallParts = Record<'empathy' | 'compassion' | 'customerEnd', OverallPart>;

/**
 * The combined score: a weighted mean of the parts that apply (heard, helped, and how the customer
 * answered the help), re-weighted over those parts so a missing one neither adds nor costs. When none
 * applies (the customer asked nothing and has not answered a reply), `fallback` stands for the outcome.
 */
export function overallScore(parts: OverallParts, lexicon: CompiledLexicon, fallback?: OverallPart) {
  const w = lexicon.data.weights.overall;
  const applying = (Object.keys(parts) as (keyof typeof parts)[]).filter((k) => parts[k].score !== null && w[k] > 0);
  const sum = applying.reduce((s, k) => s + w[k], 0);
  const factors: Factor[] = [];
  let score = 0;
  for (const k of Object.keys(parts) as (keyof typeof parts)[]) {
    const part = parts[k];
    if (part.score === null || !applying.includes(k)) {
      factors.push(factor(k, 0, `${k} does not apply: ${part.why}`));
      continue;
    }
    const contribution = (w[k] * part.score) / sum;
    score += contribution;
    factors.push(
      factor(
        k,
        contribution,
        `${k} ${part.score} x weight ${w[k]} of ${Math.round(sum * 100) / 100}: ${part.why}`,
        part.evidence,
      ),
    );
  }
  if (!applying.length && fallback && fallback.score !== null) {
    return {
      score: clampScore(fallback.score),
      factors: [
        ...factors,
        factor('customer', fallback.score, `nothing of the agent's applies: ${fallback.why}`, fallback.evidence),
      ],
    };
  }
  return { score: clampScore(score), factors };
}
