/**
 * Stacking that costs nothing at inference: a logistic regression over every head's raw logits is
 * itself linear in the features, so it folds back into one weight column per label.
 */

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** L2-penalised logistic regression by Newton's method (few inputs, so the Hessian is small). Returns [w..., bias]. */
export function fitLogistic(x: Float64Array[], y: ArrayLike<number>, l2: number, iterations = 12): Float64Array {
  const d = (x[0]?.length ?? 0) + 1;
  const w = new Float64Array(d);
  const row = new Float64Array(d);
  row[d - 1] = 1;
  for (let it = 0; it < iterations; it++) {
    const g = new Float64Array(d);
    const h = new Float64Array(d * d);
    for (let r = 0; r < x.length; r++) {
      row.set(x[r]!);
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j]! * row[j]!;
      const p = sigmoid(z);
      const e = p - y[r]!,
        s = p * (1 - p);
      for (let j = 0; j < d; j++) {
        g[j]! += e * row[j]!;
        for (let k = 0; k <= j; k++) h[j * d + k]! += s * row[j]! * row[k]!;
      }
    }
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < j; k++) h[k * d + j] = h[j * d + k]!;
      const penalty = j < d - 1 ? l2 : 1e-6;
      g[j]! += j < d - 1 ? l2 * w[j]! : 0;
      h[j * d + j]! += penalty;
    }
    const step = solve(h, g, d);
    let moved = 0;
    for (let j = 0; j < d; j++) {
      w[j]! -= step[j]!;
      moved += Math.abs(step[j]!);
    }
    if (moved < 1e-8) break;
  }
  return w;
}

/** Solves a x = b for a symmetric positive-definite d x d matrix (Gaussian elimination with pivoting). */
export function solve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const m = Array.from({ length: d }, (_, r) =>
    Float64Array.from({ length: d + 1 }, (_, k) => (k < d ? a[r * d + k]! : b[r]!)),
  );
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < d; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= d; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const out = new Float64Array(d);
  for (let r = d - 1; r >= 0; r--) {
    let v = m[r]![d]!;
    for (let k = r + 1; k < d; k++) v -= m[r]![k]! * out[k]!;
    out[r] = v / m[r]![r]!;
  }
  return out;
}

export interface Stacked {
  /** Per label: coefficients over the input logits, then the intercept. */
  coefficients: Float64Array[];
  /** Per label: out-of-fold stacked logits of the examples (for calibration and thresholds). */
  outOfFold: Float64Array[];
}

/**
 * Fits one stacker per label on rows of input logits, with `folds`-fold out-of-fold logits so the
 * calibration and thresholds are never tuned on the rows a stacker saw (folds by row index mod folds).
 */
export function stack(inputs: Float64Array[], gold: Uint8Array[], labels: number, l2: number, folds = 5): Stacked {
  const coefficients: Float64Array[] = [];
  const outOfFold: Float64Array[] = [];
  for (let l = 0; l < labels; l++) {
    const y = Uint8Array.from(gold, (g) => g[l]!);
    const oof = new Float64Array(inputs.length);
    for (let k = 0; k < folds; k++) {
      const rows = inputs.map((_, r) => r).filter((r) => r % folds !== k);
      const w = fitLogistic(
        rows.map((r) => inputs[r]!),
        Uint8Array.from(rows, (r) => y[r]!),
        l2,
      );
      for (let r = k; r < inputs.length; r += folds) oof[r] = apply(w, inputs[r]!);
    }
    coefficients.push(fitLogistic(inputs, y, l2));
    outOfFold.push(oof);
  }
  return { coefficients, outOfFold };
}

/** The stacked logit of one row of inputs. */
export function apply(w: Float64Array, x: Float64Array): number {
  let z = w[x.length]!;
  for (let j = 0; j < x.length; j++) z += w[j]! * x[j]!;
  return z;
}
