import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LinearArtefact } from './artefact.ts';
import { createEmotionModel } from './emotion-model.ts';
import { createFeaturizer, type FeaturizerParams } from './featurize.ts';
import { createLinearModel } from './linear.ts';

const featurizer: FeaturizerParams = { log2Buckets: 12, charMin: 3, charMax: 3, negators: ['not'], negationScope: 2 };
const header = { name: 'fixture', version: 1, data: 'hand-set weights', license: 'test', seed: 0, codeVersion: 'test', trainedAt: '2026-01-01', devFigures: {} };
const head = (name: string, labels: string[]) => ({
  name, labels, bias: labels.map(() => -2), scale: labels.map(() => 0.1),
  calibration: labels.map(() => [1, 0] as [number, number]), thresholds: labels.map(() => 0.5), atLeastOne: false,
});

/** A model where every feature of `word` pushes `column` up. */
function fixture(heads: ReturnType<typeof head>[], pushes: [word: string, column: number][]) {
  const artefact: Omit<LinearArtefact, 'weights'> = { format: 'attune-linear', header, featurizer, heads };
  const columns = heads.reduce((n, h) => n + h.labels.length, 0);
  const weights = new Int8Array((1 << featurizer.log2Buckets) * columns);
  const f = createFeaturizer(featurizer);
  for (const [word, column] of pushes) {
    const features = f.featurize(word);
    for (let i = 0; i < features.count; i++) weights[features.index[i]! * columns + column] = 127;
  }
  return createLinearModel(artefact, weights);
}

test('a label fires on its words and its drivers are their character spans', () => {
  const model = fixture([head('labels', ['frustration', 'gratitude'])], [['useless', 0]]);
  const text = 'This app is useless, honestly';
  assert.deepEqual(model.predictHead(text, 'labels').map((s) => [s.label, s.fired]), [['frustration', true], ['gratitude', false]]);
  const drivers = model.drivers(text, model.column('labels', 'frustration'));
  assert.deepEqual(drivers.map((d) => text.slice(d.start, d.end)), ['useless']);
});

test('drivers pass over bare punctuation, however much of it pushes the label, and keep the earlier of equal tokens', () => {
  const model = fixture([head('labels', ['frustration'])], [['!?', 0], ['useless', 0], ['broken', 0]]);
  const text = '!? '.repeat(100_000) + 'useless broken useless';
  const drivers = model.drivers(text, 0, 2);
  assert.deepEqual(drivers.map((d) => [text.slice(d.start, d.end), d.start]), [['useless', 300_000], ['useless', 300_015]]);
});

test('probabilities follow the Platt calibration and the at-least-one rule', () => {
  const calibrated = { ...head('labels', ['a', 'b']), calibration: [[2, 1], [1, 0]] as [number, number][], atLeastOne: true, thresholds: [0.9, 0.99] };
  const model = fixture([calibrated], []);
  const scores = model.predictHead('hello', 'labels');
  assert.equal(scores[0]!.probability, 1 / (1 + Math.exp(-(2 * -2 + 1))));
  assert.deepEqual(scores.map((s) => s.fired), [false, true]); // b is nearer its threshold
});

test('GoEmotions heads map to product emotions and the group head gives sentiment', () => {
  const model = createEmotionModel(fixture(
    [head('goemotions', ['annoyance', 'gratitude', 'neutral']), head('group', ['negative', 'positive'])],
    [['thanks', 1], ['thanks', 4], ['awful', 0], ['awful', 3]],
  ));
  const fired = (text: string) => model.predictEmotions(text).filter((e) => e.fired).map((e) => e.label);
  assert.deepEqual(fired('thanks so much'), ['gratitude']);
  assert.deepEqual(fired('so awful'), ['frustration']);
  assert.deepEqual(model.predictEmotions('ok').map((e) => e.label), ['frustration', 'gratitude']);
  assert.ok(model.predictSentiment('thanks so much').value > 0.5);
  assert.ok(model.predictSentiment('so awful').value < -0.5);
  const text = 'so awful';
  assert.deepEqual(model.predictSentiment(text).drivers.map((d) => text.slice(d.start, d.end))[0], 'awful');
});

test('prioritised columns score the same as in full scoring, and come first', () => {
  const heads = [head('goemotions', ['annoyance', 'neutral', 'gratitude']), head('group', ['negative', 'positive'])];
  const pushes: [string, number][] = [['thanks', 2], ['thanks', 4], ['awful', 0], ['awful', 3]];
  const plain = fixture(heads, pushes);
  const artefact = plain.artefact;
  const columns = heads.reduce((n, h) => n + h.labels.length, 0);
  const weights = new Int8Array((1 << featurizer.log2Buckets) * columns);
  const f = createFeaturizer(featurizer);
  for (const [word, column] of pushes) {
    const features = f.featurize(word);
    for (let i = 0; i < features.count; i++) weights[features.index[i]! * columns + column] = 127;
  }
  const fast = createLinearModel(artefact, weights, [['group', 'positive'], ['goemotions', 'gratitude']]);
  assert.equal(fast.prioritised, 2);
  assert.deepEqual([fast.column('goemotions', 'gratitude'), fast.column('group', 'positive'), fast.column('goemotions', 'annoyance')], [0, 1, 2]);
  for (const text of ['thanks a lot', 'so awful', 'hm']) {
    assert.deepEqual(fast.predictHead(text, 'goemotions'), plain.predictHead(text, 'goemotions'));
    const quick = fast.score(text, true);
    assert.equal(quick.probability[0], plain.predictHead(text, 'goemotions')[2]!.probability);
    assert.deepEqual(fast.drivers(text, 1), plain.drivers(text, 4));
  }
});
