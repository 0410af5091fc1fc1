import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binScore, calibrate } from './calibration.ts';
import { weightedKappa } from '../core/training/metrics.ts';
import type { Review } from '../api/index.ts';

test('binScore maps 0-100 onto 1-5', () => {
  assert.deepEqual([0, 19.9, 20, 59, 80, 100].map(binScore), [1, 1, 2, 3, 5, 5]);
});

test('weighted kappa: 1 for perfect agreement, below 0 for systematic disagreement', () => {
  assert.equal(weightedKappa([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), 1);
  assert.ok(weightedKappa([1, 2, 4, 5], [5, 4, 2, 1])! < 0);
  assert.equal(weightedKappa([3, 3], [3, 3]), null);
});

const review = (conversationId: string, reviewer: string, empathy: number, engineEmpathy: number | null): Review => ({
  id: `${conversationId}-${reviewer}`,
  conversationId,
  reviewer,
  empathy,
  engineEmpathy,
  customerFeeling: '',
  responded: 'yes',
  note: '',
  createdAt: '2026-01-01T00:00:00.000Z',
});

test('calibrate compares reviewers with each other and with the engine, largest disagreements first', () => {
  const report = calibrate([
    review('a', 'ann', 5, 90),
    review('a', 'bob', 4, 90),
    review('b', 'ann', 1, 85),
    review('b', 'bob', 2, 85),
    review('c', 'ann', 3, 50),
  ]);
  assert.deepEqual(
    { reviews: report.reviews, between: report.betweenReviewers.pairs, vsEngine: report.reviewerVsEngine.pairs },
    { reviews: 5, between: 2, vsEngine: 5 },
  );
  assert.deepEqual(
    report.disagreements.map((d) => [d.conversationId, d.reviewer, d.difference]),
    [
      ['b', 'ann', 4],
      ['b', 'bob', 3],
      ['a', 'bob', 1],
    ],
  );
});
