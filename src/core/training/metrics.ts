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
export function multiLabelF1(
  predicted: Uint8Array[],
  gold: Uint8Array[],
  labels: string[],
): { macroF1: number; perLabel: Record<string, number>; support: Record<string, number> } {
  const perLabel: Record<string, number> = {};
  const support: Record<string, number> = {};
  let total = 0;
  labels.forEach((label, l) => {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const p = predicted[i]![l]!,
        g = gold[i]![l]!;
      if (p && g) tp++;
      else if (p) fp++;
      else if (g) fn++;
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
  let cov = 0,
    va = 0,
    vb = 0;
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i]! - ma) * (rb[i]! - mb);
    va += (ra[i]! - ma) ** 2;
    vb += (rb[i]! - mb) ** 2;
  }
  return va === 0 || vb === 0 ? null : cov / Math.sqrt(va * vb);
}

/** Cohen's kappa over nominal labels; null when there is no expected disagreement (one label only). */
export function cohenKappa<T>(a: readonly T[], b: readonly T[]): number | null {
  const n = a.length;
  if (n === 0 || n !== b.length) return null;
  const countA = new Map<T, number>();
  const countB = new Map<T, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) agree++;
    countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1);
    countB.set(b[i]!, (countB.get(b[i]!) ?? 0) + 1);
  }
  let expected = 0;
  for (const [label, count] of countA) expected += (count / n) * ((countB.get(label) ?? 0) / n);
  return expected === 1 ? null : (agree / n - expected) / (1 - expected);
}

/** Cohen's kappa with quadratic weights over ratings 1..k; null when there is no expected disagreement. */
export function weightedKappa(a: readonly number[], b: readonly number[], k = 5): number | null {
  const n = a.length;
  if (n === 0 || n !== b.length) return null;
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rowTotals = new Array<number>(k).fill(0);
  const colTotals = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    observed[a[i]! - 1]![b[i]! - 1]!++;
    rowTotals[a[i]! - 1]!++;
    colTotals[b[i]! - 1]!++;
  }
  let weightedObserved = 0,
    weightedExpected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const weight = (i - j) ** 2 / (k - 1) ** 2;
      weightedObserved += weight * observed[i]![j]!;
      weightedExpected += (weight * (rowTotals[i]! * colTotals[j]!)) / n;
    }
  }
  return weightedExpected === 0 ? null : 1 - weightedObserved / weightedExpected;
}
