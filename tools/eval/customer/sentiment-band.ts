/** Three-class sentiment from a score with a neutral band, the band chosen where macro-F1 is best. */
export type Polarity = 'negative' | 'neutral' | 'positive';
const CLASSES: Polarity[] = ['negative', 'neutral', 'positive'];

export const classify = (score: number, band: [number, number]): Polarity =>
  score < band[0] ? 'negative' : score > band[1] ? 'positive' : 'neutral';

export function macroF1(predicted: readonly Polarity[], gold: readonly Polarity[]): number {
  let sum = 0;
  for (const c of CLASSES) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === c && gold[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / CLASSES.length;
}

/** The band [low, high] over the scores' own quantiles that gives the best macro-F1 on these rows. */
export function bestBand(scores: readonly number[], gold: readonly Polarity[]): [number, number] {
  const sorted = [...new Set(scores)].sort((a, b) => a - b);
  const cuts =
    sorted.length <= 60
      ? sorted
      : Array.from({ length: 61 }, (_, i) => sorted[Math.round((i / 60) * (sorted.length - 1))]!);
  let best: [number, number] = [0, 0];
  let bestF1 = -1;
  for (let i = 0; i < cuts.length; i++) {
    for (let j = i; j < cuts.length; j++) {
      // a cut just below each value, so "< low" and "> high" can split equal scores either way
      const band: [number, number] = [cuts[i]! - 1e-9, cuts[j]!];
      const f1 = macroF1(
        scores.map((s) => classify(s, band)),
        gold,
      );
      if (f1 > bestF1) {
        bestF1 = f1;
        best = band;
      }
    }
  }
  return best;
}
