import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../analyze.ts';
import type { Engine } from '../engine.ts';
import { FullAnalysis } from '../schema/index.ts';
import type { EmotionModel } from '../models/types.ts';
import { chat, testEngine } from '../testing.ts';

/** A model that reads every text as warm (+0.8), as GoEmotions' head reads "thanks" and "please". */
const warmModel: EmotionModel = {
  id: 'warm@1',
  predictEmotions: () => [],
  predictSentiment: () => ({ value: 0.8, drivers: [] }),
};

const withModel = (userConfig: unknown = {}) => testEngine(userConfig, warmModel);

const sentimentOf = (engine: Engine, text: string) =>
  FullAnalysis.parse(analyzeConversation(chat('s', ['customer', text]), engine)).turns[0]!.sentiment;
const noCues = {
  weights: {
    sentiment: {
      cueValence: {
        duration: 0,
        'repeat-contact': 0,
        hurry: 0,
        'wants-human': 0,
        'churn-threat': 0,
        'complaint-threat': 0,
      },
    },
  },
};

test('waiting, chasing and asking for a person read as negative even in plain words', () => {
  const texts = [
    'My order has been stuck for 3 days now.',
    'I already emailed you about this.',
    'Can I speak to a manager please?',
  ];
  assert.deepEqual(
    texts.map((t) => sentimentOf(testEngine(noCues), t)),
    [-0.23, 0, 0],
  );
  assert.deepEqual(
    texts.map((t) => sentimentOf(testEngine(), t)),
    [-0.41, -0.19, -0.11],
  );
});

test('courtesy in a problem is not warmth: the model may not lift a turn that shows a problem', () => {
  const engine = withModel();
  // the warm model's +0.8 counts in full where nothing is wrong
  assert.equal(
    sentimentOf(engine, 'Thanks, that fixed it.'),
    sentimentOf(withModel({ weights: { sentiment: { problemModelCeiling: 1 } } }), 'Thanks, that fixed it.'),
  );
  const polite = 'Thanks! I have been waiting for 3 days and my account is still locked, this is so frustrating.';
  const capped = sentimentOf(engine, polite);
  const uncapped = sentimentOf(withModel({ weights: { sentiment: { problemModelCeiling: 1 } } }), polite);
  assert.ok(capped < 0, `a polite complaint reads negative (got ${capped})`);
  assert.equal(
    Math.round((uncapped - capped) * 100) / 100,
    0.4,
    "the model's +0.8 at weight 0.5 is what the ceiling takes away",
  );
});
