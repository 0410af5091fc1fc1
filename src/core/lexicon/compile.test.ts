import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LEXICON } from './default.ts';
import { compileLexicon, type CompiledLexicon } from './compile.ts';

function compiled(calibration: unknown): CompiledLexicon {
  const { emotionCalibration: _shipped, ...rest } = DEFAULT_LEXICON as Record<string, unknown>;
  const result = compileLexicon(calibration === undefined ? rest : { ...rest, emotionCalibration: calibration });
  assert.ok(result.ok, 'expected the lexicon to compile');
  return result.lexicon;
}

test("without a calibration an emotion's raw strength is its intensity, and the thresholds are the raw ones", () => {
  const lexicon = compiled(undefined);
  assert.deepEqual(
    [0, 0.3, 0.8, 1].map((x) => lexicon.emotionConfidence(x)),
    [0, 0.3, 0.8, 1],
  );
  assert.deepEqual(lexicon.emotionThresholds, {
    moment: lexicon.data.thresholds.momentEmotion,
    load: lexicon.data.thresholds.emotionalLoadIntensity,
  });
});

test('a calibration maps raw strengths through sigmoid(scale * logit + shift), and the thresholds with them', () => {
  const lexicon = compiled({ scale: 2, shift: -1, data: 'test', method: 'test' });
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  assert.equal(lexicon.emotionConfidence(0.5), sigmoid(-1));
  assert.equal(lexicon.emotionConfidence(0.8), sigmoid(2 * Math.log(4) - 1));
  // the ends stay finite and in order
  assert.ok(
    lexicon.emotionConfidence(0) > 0 &&
      lexicon.emotionConfidence(1) < 1 &&
      lexicon.emotionConfidence(0) < lexicon.emotionConfidence(1),
  );
  const t = lexicon.data.thresholds;
  const round2 = (x: number) => Math.round(x * 100) / 100;
  assert.deepEqual(lexicon.emotionThresholds, {
    moment: round2(lexicon.emotionConfidence(t.momentEmotion)),
    load: round2(lexicon.emotionConfidence(t.emotionalLoadIntensity)),
  });
});

test('a calibration with a scale that is not positive is refused with its path', () => {
  const { emotionCalibration: _shipped, ...rest } = DEFAULT_LEXICON as Record<string, unknown>;
  const result = compileLexicon({ ...rest, emotionCalibration: { scale: 0, shift: 0, data: 'x', method: 'x' } });
  assert.deepEqual(result.ok ? [] : result.errors.map((e) => e.split(':')[0]), ['emotionCalibration.scale']);
});

test('emotions the model alone found have their own calibration; without one they share the phrase-backed one', () => {
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const split = compiled({ scale: 1, shift: 0, modelOnly: { scale: 0.5, shift: -1 }, data: 'test', method: 'test' });
  assert.equal(split.emotionConfidence(0.5), 0.5);
  assert.equal(split.emotionConfidence(0.5, true), sigmoid(-1));
  const shared = compiled({ scale: 1, shift: -1, data: 'test', method: 'test' });
  assert.equal(shared.emotionConfidence(0.5, true), shared.emotionConfidence(0.5));
});
