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

/** Spearman rank correlation (average ranks for ties). */
export function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => {
    const order = v.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
    const ranks = new Array<number>(v.length);
    for (let s = 0; s < order.length;) {
      let e = s;
      while (e + 1 < order.length && order[e + 1]!.value === order[s]!.value) e++;
      for (let k = s; k <= e; k++) ranks[order[k]!.i] = (s + e) / 2 + 1;
      s = e + 1;
    }
    return ranks;
  };
  const rx = rank(x), ry = rank(y);
  const n = x.length;
  if (n < 2) return 0;
  const mean = (n + 1) / 2;
  let num = 0, dx = 0, dy = 0;
  for (let i = 0; i < n; i++) {
    num += (rx[i]! - mean) * (ry[i]! - mean);
    dx += (rx[i]! - mean) ** 2;
    dy += (ry[i]! - mean) ** 2;
  }
  return dx && dy ? num / Math.sqrt(dx * dy) : 0;
}
