/** Classification figures shared by training (threshold tuning) and evaluation. */

export const f1 = (tp: number, fp: number, fn: number) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));

/**
 * The probability threshold maximising F1 for one label, from scores and 0/1 gold.
 * Returns the midpoint between the last positive-predicted score and the next one.
 */
export function tuneThreshold(scores: ArrayLike<number>, gold: ArrayLike<number>): { threshold: number; f1: number } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < gold.length; i++) positives += gold[i]! ? 1 : 0;
  if (positives === 0) return { threshold: 0.5, f1: 0 };
  let best = { k: 0, f1: 0 };
  let tp = 0;
  for (let k = 1; k <= order.length; k++) {
    tp += gold[order[k - 1]!]! ? 1 : 0;
    const score = f1(tp, k - tp, positives - tp);
    if (score > best.f1) best = { k, f1: score };
  }
  const above = scores[order[best.k - 1]!]!;
  const below = best.k < order.length ? scores[order[best.k]!]! : 0;
  return { threshold: (above + below) / 2, f1: best.f1 };
}

/** Per-label F1 and their mean, for multi-label predictions (rows of 0/1 per label). */
export function multiLabelF1(predicted: Uint8Array[], gold: Uint8Array[], labels: string[]): { macroF1: number; perLabel: Record<string, number>; support: Record<string, number> } {
  const perLabel: Record<string, number> = {};
  const support: Record<string, number> = {};
  let total = 0;
  labels.forEach((label, l) => {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const p = predicted[i]![l]!, g = gold[i]![l]!;
      if (p && g) tp++; else if (p) fp++; else if (g) fn++;
    }
    perLabel[label] = f1(tp, fp, fn);
    support[label] = tp + fn;
    total += perLabel[label];
  });
  return { macroF1: labels.length ? total / labels.length : 0, perLabel, support };
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.value === order[i]!.value) j++;
    const average = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) result[order[k]!.index] = average;
    i = j + 1;
  }
  return result;
}

/** Spearman's rank correlation with average ranks for ties; null when either side is constant or n < 2. */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length < 2 || a.length !== b.length) return null;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let cov = 0, va = 0, vb = 0;
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i]! - ma) * (rb[i]! - mb);
    va += (ra[i]! - ma) ** 2;
    vb += (rb[i]! - mb) ** 2;
  }
  return va === 0 || vb === 0 ? null : cov / Math.sqrt(va * vb);
}
