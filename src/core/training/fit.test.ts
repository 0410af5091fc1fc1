import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLinearModel } from '../models/linear.ts';
import { fit, type FitOptions } from './fit.ts';

const words = {
  happy: ['great', 'lovely', 'brilliant', 'perfect', 'thanks'],
  angry: ['awful', 'useless', 'broken', 'terrible', 'ridiculous'],
};
const fillers = ['the', 'order', 'delivery', 'app', 'service', 'today', 'again', 'my', 'parcel'];

/** A small synthetic set: each text holds a cue word of its label among filler words. */
function synthetic(n: number) {
  const texts: string[] = [];
  const targets: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 3; // 0 happy, 1 angry, 2 neither
    const k = Math.floor(i / 3); // fillers independent of the label
    const cue = label === 0 ? words.happy[k % 5] : label === 1 ? words.angry[k % 5] : '';
    texts.push([fillers[k % 9], fillers[(k * 7 + 1) % 9], cue, fillers[(k * 5 + 2) % 9]].filter(Boolean).join(' '));
    targets.push(Uint8Array.from([label === 0 ? 1 : 0, label === 1 ? 1 : 0]));
  }
  return { texts, targets };
}

const options: FitOptions = {
  featurizer: { log2Buckets: 12, charMin: 3, charMax: 4, negators: ['not'], negationScope: 2 },
  seed: 3,
  heldOutFraction: 0.2,
  maxEpochs: 8,
  patience: 2,
  learningRate: 0.3,
  l2: 0,
};
const header = {
  name: 't',
  version: 1,
  data: 'synthetic',
  license: 'test',
  seed: 3,
  codeVersion: 'test',
  trainedAt: 'now',
  devFigures: {},
};

test('training on a tiny synthetic set learns it', () => {
  const { texts, targets } = synthetic(300);
  const result = fit(texts, [{ name: 'labels', labels: ['happy', 'angry'], targets, atLeastOne: false }], options);
  assert.equal(result.tunedOn, 'held-out');
  assert.equal(result.heldOutCount, 60);
  assert.ok(result.heldOut.labels!.macroF1 > 0.9, `held-out macro-F1 ${result.heldOut.labels!.macroF1}`);
  const model = createLinearModel(
    { format: 'attune-linear', header, featurizer: options.featurizer, heads: result.heads },
    result.weights,
  );
  const fired = (text: string) =>
    model
      .predictHead(text, 'labels')
      .filter((s) => s.fired)
      .map((s) => s.label);
  assert.deepEqual(fired('my parcel is broken'), ['angry']);
  assert.deepEqual(fired('lovely service'), ['happy']);
  assert.deepEqual(fired('the delivery today'), []);
});

test('training is deterministic for a seed', () => {
  const { texts, targets } = synthetic(120);
  const run = () => fit(texts, [{ name: 'labels', labels: ['happy', 'angry'], targets, atLeastOne: false }], options);
  const a = run(),
    b = run();
  assert.deepEqual(a.heads, b.heads);
  assert.deepEqual(a.weights, b.weights);
});

test('with too few texts to hold out, thresholds are tuned on the training texts', () => {
  const { texts, targets } = synthetic(12);
  const result = fit(texts, [{ name: 'labels', labels: ['happy', 'angry'], targets, atLeastOne: false }], options);
  assert.equal(result.tunedOn, 'train');
  assert.equal(result.trainCount, 12);
});

test('a stacked head is folded into plain weight columns and learns from the other heads', () => {
  const { texts, targets } = synthetic(300);
  const mood = targets.map((t) => Uint8Array.from([t[0]! | t[1]!]));
  const specs = [
    { name: 'labels', labels: ['happy', 'angry'], targets, atLeastOne: false },
    { name: 'mood', labels: ['emotional'], targets: mood, atLeastOne: false },
  ];
  const result = fit(texts, specs, { ...options, stacked: ['mood'] });
  assert.ok(result.heldOut.mood!.macroF1 > 0.9, `held-out macro-F1 ${result.heldOut.mood!.macroF1}`);
  const model = createLinearModel(
    { format: 'attune-linear', header, featurizer: options.featurizer, heads: result.heads },
    result.weights,
  );
  const fired = (text: string) =>
    model
      .predictHead(text, 'mood')
      .filter((s) => s.fired)
      .map((s) => s.label);
  assert.deepEqual(
    [fired('my parcel is broken'), fired('lovely service'), fired('the delivery today')],
    [['emotional'], ['emotional'], []],
  );
});

test('refitting on every text keeps the held-out choices and changes only the weights', () => {
  const { texts, targets } = synthetic(300);
  const specs = [
    { name: 'labels', labels: ['happy', 'angry'], targets, atLeastOne: false },
    {
      name: 'mood',
      labels: ['emotional'],
      targets: targets.map((t) => Uint8Array.from([t[0]! | t[1]!])),
      atLeastOne: false,
    },
  ];
  const once = fit(texts, specs, { ...options, stacked: ['mood'] });
  const refit = fit(texts, specs, { ...options, stacked: ['mood'], refit: true });
  assert.deepEqual(refit.heldOut, once.heldOut);
  assert.deepEqual(
    refit.heads.map((h) => [h.calibration, h.thresholds]),
    once.heads.map((h) => [h.calibration, h.thresholds]),
  );
  assert.notDeepEqual(refit.weights, once.weights);
  const model = createLinearModel(
    { format: 'attune-linear', header, featurizer: options.featurizer, heads: refit.heads },
    refit.weights,
  );
  const fired = (text: string, head: string) =>
    model
      .predictHead(text, head)
      .filter((s) => s.fired)
      .map((s) => s.label);
  assert.deepEqual(
    [
      fired('my parcel is broken', 'labels'),
      fired('lovely service', 'labels'),
      fired('the delivery today', 'labels'),
      fired('lovely service', 'mood'),
    ],
    [['angry'], ['happy'], [], ['emotional']],
  );
});

test('several runs are averaged into one set of weights', () => {
  const { texts, targets } = synthetic(300);
  const result = fit(texts, [{ name: 'labels', labels: ['happy', 'angry'], targets, atLeastOne: false }], {
    ...options,
    runs: 2,
  });
  assert.ok(result.heldOut.labels!.macroF1 > 0.9, `held-out macro-F1 ${result.heldOut.labels!.macroF1}`);
  assert.equal(result.weights.length, (1 << options.featurizer.log2Buckets) * 2);
});
