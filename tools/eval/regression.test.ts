import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LEXICON } from '../../src/core/lexicon/default.ts';
import { checkRegression, CUSTOMER_FIGURES_FILE, readLexiconFigures } from './regression.ts';

const header = (devFigures: Record<string, number>) => ({
  name: 'm',
  version: 1,
  data: 'd',
  license: 'l',
  seed: 1,
  codeVersion: 'c',
  trainedAt: 't',
  devFigures,
});

test('only figures more than the tolerance below the recorded ones are regressions', () => {
  const figures = {
    headline: { 'goemotions.ekman.macroF1': 0.57, 'goemotions.group.macroF1': 0.6 },
    goemotions: { original: { macroF1: 0.41 } },
  };
  const found = checkRegression(figures, [
    header({
      'goemotions.ekman.macroF1': 0.58,
      'goemotions.group.macroF1': 0.65,
      'goemotions.original.macroF1': 0.42,
      'absent.figure': 0.9,
    }),
  ]);
  assert.deepEqual(
    found.map((r) => [r.figure, r.recorded, r.measured]),
    [['goemotions.group.macroF1', 0.65, 0.6]],
  );
  assert.equal(
    found[0]!.message,
    'goemotions.group.macroF1 is 0.6000, more than 0.02 below the 0.6500 recorded by m@1',
  );
  assert.deepEqual(
    checkRegression(figures, [header({ 'goemotions.ekman.macroF1': 0.58 })], 0.005).map((r) => r.figure),
    ['goemotions.ekman.macroF1'],
  );
});

test('the recorded lexicon figures belong to the lexicon that ships, and a drop in them is a regression', () => {
  const recorded = readLexiconFigures();
  assert.equal(`${recorded.name}@${recorded.version}`, (DEFAULT_LEXICON as { version: string }).version);
  const key = 'epitome.interpretations.binary.macroF1';
  const figures = { epitome: { interpretations: { binary: { macroF1: recorded.devFigures[key]! - 0.03 } } } };
  assert.deepEqual(
    checkRegression(figures, [recorded]).map((r) => [r.model, r.figure]),
    [[`${recorded.name}@${recorded.version}`, key]],
  );
});

test('the recorded customer-service figures belong to the shipped lexicon; a lower-is-better figure that rises is a regression', () => {
  const recorded = readLexiconFigures(CUSTOMER_FIGURES_FILE);
  assert.equal(`${recorded.name}@${recorded.version}`, (DEFAULT_LEXICON as { version: string }).version);
  const figures = { edits: { rises: { 'blame-echo': { share: 0.05 }, 'echo-only': { share: 0.01 } } } };
  const ceilings = {
    name: 'attune-lexicon',
    version: 'x',
    devFigures: {},
    ceilings: { 'edits.rises.blame-echo.share': 0, 'edits.rises.echo-only.share': 0 },
  };
  assert.deepEqual(
    checkRegression(figures, [ceilings]).map((r) => [r.figure, r.measured, r.message]),
    [
      [
        'edits.rises.blame-echo.share',
        0.05,
        'edits.rises.blame-echo.share is 0.0500, more than 0.02 above the 0.0000 recorded by attune-lexicon@x',
      ],
    ],
  );
});
