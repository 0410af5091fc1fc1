import { test } from 'node:test';
import assert from 'node:assert/strict';
import { f1, multiLabelF1, spearman, tuneThreshold } from './metrics.ts';

test('the tuned threshold separates the positives and sits between scores', () => {
  assert.deepEqual(tuneThreshold([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 0]), { threshold: 0.55, f1: 1 });
  // one positive hides among negatives: taking the top three scores beats taking only the first
  assert.deepEqual(tuneThreshold([0.9, 0.7, 0.6, 0.1], [1, 0, 1, 0]), { threshold: 0.35, f1: 0.8 });
  assert.deepEqual(tuneThreshold([0.4, 0.2], [0, 0]), { threshold: 0.5, f1: 0 });
});

test('multi-label F1 is averaged per label', () => {
  const rows = (xs: number[][]) => xs.map((x) => Uint8Array.from(x));
  const figures = multiLabelF1(
    rows([
      [1, 0],
      [1, 1],
      [0, 0],
    ]),
    rows([
      [1, 0],
      [0, 1],
      [0, 1],
    ]),
    ['a', 'b'],
  );
  assert.deepEqual(figures, {
    macroF1: (f1(1, 1, 0) + f1(1, 0, 1)) / 2,
    perLabel: { a: f1(1, 1, 0), b: f1(1, 0, 1) },
    support: { a: 1, b: 2 },
  });
});

test('Spearman correlation uses ranks and handles ties', () => {
  assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 400]), 1);
  assert.equal(spearman([1, 2, 3], [3, 2, 1]), -1);
  assert.equal(spearman([1, 1, 2], [1, 2, 3])!.toFixed(4), '0.8660');
});

test('spearman: perfect, reversed, tied and constant inputs', () => {
  assert.equal(spearman([1, 2, 3], [10, 20, 30]), 1);
  assert.equal(spearman([1, 2, 3], [3, 2, 1]), -1);
  assert.equal(spearman([1, 1, 1], [1, 2, 3]), null);
  assert.ok(Math.abs(spearman([1, 2, 2, 3], [1, 3, 2, 4])! - 4.5 / Math.sqrt(22.5)) < 1e-9);
});
