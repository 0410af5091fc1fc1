import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinearModel } from '../core/models/linear.ts';
import { fit } from '../core/training/fit.ts';
import {
  loadEmotionModel,
  loadShippedModel,
  readArtefactHeader,
  readEmotionModel,
  readShippedModel,
  writeArtefact,
} from './models.ts';

const featurizer = { log2Buckets: 10, charMin: 3, charMax: 4, negators: ['not'], negationScope: 2 };
const header = {
  name: 'roundtrip',
  version: 2,
  data: 'fixture',
  license: 'test',
  seed: 5,
  codeVersion: 'test',
  trainedAt: '2026-01-01T00:00:00Z',
  devFigures: { 'labels.macroF1': 0.5 },
};
const texts = [
  'thank you so much',
  'this is useless',
  'where is my parcel',
  'thanks a lot',
  'useless and broken',
  'I am so relieved',
];
const labels = ['gratitude', 'frustration', 'relief'];
const targets = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 0],
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
].map((r) => Uint8Array.from(r));

test('an artefact saved and loaded predicts exactly as the model in memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-models-'));
  try {
    const result = fit(texts, [{ name: 'labels', labels, targets, atLeastOne: false }], {
      featurizer,
      seed: 1,
      heldOutFraction: 0,
      maxEpochs: 5,
      patience: 2,
      learningRate: 0.3,
      l2: 0,
    });
    const file = join(dir, 'm.json');
    writeArtefact(file, { header, featurizer, heads: result.heads }, result.weights);
    const loaded = readEmotionModel(file);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
    const memory = createLinearModel(
      { format: 'attune-linear', header, featurizer, heads: result.heads },
      result.weights,
    );
    for (const text of [...texts, 'something unseen']) {
      assert.deepEqual(loaded.linear.predictHead(text, 'labels'), memory.predictHead(text, 'labels'));
    }
    assert.equal(loaded.model.id, 'roundtrip@2');
    assert.deepEqual(
      loaded.model
        .predictEmotions('thanks a lot')
        .filter((e) => e.fired)
        .map((e) => e.label),
      ['gratitude'],
    );
    assert.deepEqual(readArtefactHeader(file), header);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missing, non-JSON and malformed artefacts are reasons, not exceptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-models-'));
  try {
    const missing = readEmotionModel(join(dir, 'nope.json'));
    assert.deepEqual(
      missing.ok ? null : missing.reason,
      `model file ${join(dir, 'nope.json')} does not exist (run \`npm run train\` or \`attune train\`)`,
    );
    writeFileSync(join(dir, 'bad.json'), '{oops');
    const bad = readEmotionModel(join(dir, 'bad.json'));
    assert.match(bad.ok ? '' : bad.reason, /is not JSON/);
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ format: 'attune-linear', header }));
    const wrong = readEmotionModel(join(dir, 'wrong.json'));
    assert.match(wrong.ok ? '' : wrong.reason, /is not an Attune linear artefact: featurizer/);
    assert.throws(() => loadEmotionModel(join(dir, 'bad.json')), /is not JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the shipped artefact loads, names its data and license, and reads plain cases', () => {
  const loaded = readShippedModel();
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
  assert.match(loaded.header.data, /^GoEmotions train/);
  assert.match(loaded.header.license, /Apache-2\.0/);
  const text = 'Thank you so much, that really helped!';
  const gratitude = loaded.model.predictEmotions(text).find((e) => e.label === 'gratitude')!;
  assert.equal(gratitude.fired, true);
  assert.equal(text.slice(gratitude.drivers[0]!.start, gratitude.drivers[0]!.end), 'Thank');
  assert.ok(loaded.model.predictSentiment(text).value > 0.5);
  assert.ok(loaded.model.predictSentiment('Terrible service, never again.').value < -0.5);
  assert.equal(loadShippedModel(() => assert.fail('no reason expected'))?.id, 'goemotions-linear@1');
});
