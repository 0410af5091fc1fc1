import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineParts, fitOverallWeights, type PartSample } from './score-weights.ts';

const prior = { empathy: 1, compassion: 1, customerEnd: 2 };

test('the overall score is the weighted mean of the parts that apply, or null when none does', () => {
  assert.equal(combineParts({ empathy: 40, compassion: 80, customerEnd: null }, prior), 60);
  assert.equal(combineParts({ empathy: 40, compassion: 80, customerEnd: 100 }, prior), 80);
  assert.equal(combineParts({ empathy: null, compassion: null, customerEnd: null }, prior), null);
});

test('overall weights: data that say nothing leave the prior; data that do move the weight, the same way every run', () => {
  assert.deepEqual(fitOverallWeights([], prior).weights, prior);
  // ratings follow the customer's ending, and compassion is noise beside them: compassion goes to 0
  const samples: PartSample[] = Array.from({ length: 40 }, (_, i) => ({
    parts: { empathy: 50, compassion: (i * 37) % 100, customerEnd: 2 * i },
    rating: 1 + i / 10,
  }));
  const first = fitOverallWeights(samples, prior, { minSamples: 10 });
  assert.equal(first.weights.compassion, 0);
  assert.ok(first.weights.customerEnd > 0);
  assert.ok(first.report.after! > first.report.before!);
  assert.deepEqual(fitOverallWeights(samples, prior, { minSamples: 10 }), first);
  // too few conversations where a part applies beside another: its weight stays at the prior, and the report says so
  const thin = fitOverallWeights(samples, prior, { minSamples: 41 });
  assert.deepEqual([thin.weights, thin.report.held], [prior, ['compassion', 'customerEnd']]);
  // every part equal in every conversation: all weights agree equally, so the prior stands
  const flat: PartSample[] = samples.map((s) => ({
    parts: { empathy: 50, compassion: 50, customerEnd: 50 },
    rating: s.rating,
  }));
  assert.deepEqual(fitOverallWeights(flat, prior, { minSamples: 10 }).weights, prior);
});
