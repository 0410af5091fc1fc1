import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, fitLogistic, stack } from './stack.ts';

/** Rows of two inputs where the label is 1 exactly when the first input exceeds the second. */
function rows(n: number) {
  const x: Float64Array[] = [];
  const y: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const a = ((i * 37) % 23) / 23 - 0.5,
      b = ((i * 11) % 19) / 19 - 0.5;
    x.push(Float64Array.from([a, b]));
    y.push(Uint8Array.from([a > b ? 1 : 0]));
  }
  return { x, y };
}

test('the logistic fit separates a linear rule and is penalised by L2', () => {
  const { x, y } = rows(200);
  const w = fitLogistic(
    x,
    y.map((r) => r[0]!),
    0.1,
  );
  assert.ok(w[0]! > 5 && w[1]! < -5, `weights ${Array.from(w)}`);
  assert.ok(x.every((row, i) => (apply(w, row) > 0 ? 1 : 0) === y[i]![0] || Math.abs(row[0]! - row[1]!) < 0.05));
  const strong = fitLogistic(
    x,
    y.map((r) => r[0]!),
    100,
  );
  assert.ok(Math.abs(strong[0]!) < Math.abs(w[0]!));
});

test('out-of-fold logits come from stackers that did not see the row', () => {
  const { x, y } = rows(100);
  const { coefficients, outOfFold } = stack(x, y, 1, 0.1, 5);
  assert.equal(coefficients.length, 1);
  assert.equal(outOfFold[0]!.length, 100);
  // every out-of-fold logit differs from the full stacker's (trained on that row too), yet agrees in sign mostly
  const agree = x.filter((row, i) => Math.sign(apply(coefficients[0]!, row)) === Math.sign(outOfFold[0]![i]!)).length;
  assert.ok(agree >= 90, `${agree} of 100 agree`);
  assert.ok(x.every((row, i) => apply(coefficients[0]!, row) !== outOfFold[0]![i]));
});
