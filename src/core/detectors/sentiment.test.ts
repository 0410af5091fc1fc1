import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../analyze.ts';
import type { Engine } from '../engine.ts';
import { FullAnalysis } from '../schema/index.ts';
import type { EmotionModel } from '../models/types.ts';
import { chat, testEngine } from '../testing.ts';
import { prepareTurn } from '../analysis/prepare.ts';
import type { Evidence } from '../schema/index.ts';
import { turnSentiment } from './sentiment.ts';

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
  const uncapped = sentimentOf(
    withModel({ weights: { sentiment: { problemModelCeiling: 1, courtesyModelCeiling: 1 } } }),
    polite,
  );
  assert.ok(capped < 0, `a polite complaint reads negative (got ${capped})`);
  assert.equal(
    Math.round((uncapped - capped) * 100) / 100,
    0.4,
    "the model's +0.8 at weight 0.5 is what the ceiling takes away",
  );
});

/** One customer turn read on its own by the rules: its sentiment and the evidence of the phrases that moved it. */
function readOne(engine: Engine, text: string, model?: EmotionModel) {
  const turn = prepareTurn({ role: 'customer', text }, 0, engine.lexicon);
  const evidence: Evidence[] = [];
  const value = turnSentiment(turn, engine.lexicon, engine.valences, [], null, model, [], evidence);
  return { value, evidence: evidence.map((e) => [e.text, e.why]) };
}

test('a problem reported in plain words is negative, however politely, and says which words did it', () => {
  const engine = testEngine();
  assert.deepEqual(readOne(engine, 'Site down? #help'), {
    value: -0.68,
    evidence: [
      ['Site down', '"Site down" reports a problem'],
      ['down?', '"down?" reports a problem'],
      ['#help', '"#help" reports a problem'],
    ],
  });
  assert.deepEqual(readOne(engine, "Hi, I still haven't received my refund, please help. Thank you!"), {
    value: -0.63,
    evidence: [
      ["haven't received", `"haven't received" reports a problem`],
      ['please help', '"please help" reports a problem'],
    ],
  });
});

test('a stated resolution is positive; asked or negated it is not', () => {
  const engine = testEngine();
  assert.deepEqual(readOne(engine, 'It works now'), {
    value: 0.46,
    evidence: [['works now', '"works now" says the problem is solved']],
  });
  assert.deepEqual(readOne(engine, 'Is it working now?'), { value: 0, evidence: [] });
  assert.deepEqual(readOne(engine, "It isn't working now"), {
    value: -0.62,
    evidence: [
      ["isn't working", `"isn't working" reports a problem`],
      ['working now', '"working now" reports a problem'],
    ],
  });
});

test('an @handle is a name, not a feeling', () => {
  const engine = testEngine({ valences: { united: 1.8 } });
  assert.deepEqual(
    ['@united where is the bag', 'we stand united'].map((t) => readOne(engine, t).value),
    [0, 0.42],
  );
});

test('every word of an @handle is a name: "@Worst_Airline" holds no feeling, "worst" outside it does', () => {
  const engine = testEngine({ valences: { worst: -3.1 } });
  assert.deepEqual(
    ['@Worst_Airline where is the bag', 'the worst airline'].map((t) => readOne(engine, t).value),
    [0, -0.62],
  );
});

test("a product's name carries no feeling; a negation and the lexicon's service words in title case keep theirs", () => {
  const engine = testEngine();
  assert.deepEqual(
    [
      'I bought Happy Wheels today',
      'I am happy today',
      'my flight to Red Rock was Cancelled Today',
      'my flight to Red Rock was cancelled today',
    ].map((t) => readOne(engine, t).value),
    [0, 0.57, -0.23, -0.23],
  );
});

test('after "but" the sentence weighs more than before it', () => {
  const text = 'The crew were great but the delay was terrible';
  const flat = testEngine({ weights: { sentiment: { contrastBefore: 1, contrastAfter: 1 } } });
  assert.deepEqual([readOne(flat, text).value, readOne(testEngine(), text).value], [-0.03, -0.64]);
});

test("courtesy alone does not let the model's warmth through in full; earned warmth does", () => {
  const engine = withModel();
  assert.deepEqual(
    ['Hi, please can you tell me the price of the premium plan?', 'I love the new app'].map(
      (t) => readOne(engine, t, warmModel).value,
    ),
    [0.15, 0.72],
  );
});

test('odd input reads without a crash', () => {
  const engine = testEngine();
  assert.deepEqual(
    ['', '@', 'but', '?', 'but but but', '#', `${'works now? '.repeat(2000)}`].map((t) => readOne(engine, t)),
    [
      { value: 0, evidence: [] },
      { value: 0, evidence: [] },
      { value: 0, evidence: [] },
      { value: 0, evidence: [] },
      { value: 0, evidence: [] },
      { value: 0, evidence: [] },
      { value: 0, evidence: [] },
    ],
  );
});

test('"can\'t wait to" looks forward; "can\'t wait any longer" does not', () => {
  const engine = testEngine();
  assert.deepEqual(
    ["I can't wait to try the new version", "I can't wait any longer"].map((t) => readOne(engine, t)),
    [
      { value: 0.25, evidence: [["can't wait to", `"can't wait to" looks forward to something`]] },
      { value: -0.25, evidence: [] },
    ],
  );
});

test('a problem told before the turn says it is solved weighs like the words before "but"', () => {
  const text = 'The app kept crashing all week. It works now.';
  const flat = testEngine({ weights: { sentiment: { contrastBefore: 1 } } });
  assert.deepEqual([readOne(flat, text).value, readOne(testEngine(), text).value], [-0.25, 0.13]);
});

test('lost data, failed log-ins, going offline and sudden exits are problems in plain words', () => {
  const engine = testEngine();
  assert.deepEqual(
    [
      'All my photos are gone',
      'I am unable to log in',
      'The router goes offline every night',
      'The app closes suddenly',
    ].map((t) => readOne(engine, t).evidence),
    [
      [['are gone', '"are gone" reports a problem']],
      [['unable to log', '"unable to log" reports a problem']],
      [['goes offline', '"goes offline" reports a problem']],
      [['closes suddenly', '"closes suddenly" reports a problem']],
    ],
  );
});

test('praise asked about is not given; a problem asked about still is one', () => {
  const engine = testEngine({ valences: { good: 1.9, slow: -1.5 } });
  assert.deepEqual(
    ['Is this good service?', 'This is good service.', 'Why is it so slow?'].map((t) => readOne(engine, t).value),
    [0, 0.44, -0.53],
  );
});

test('a wish that the company did better, a rhetorical "how could it", and a fix after a restart', () => {
  const engine = testEngine();
  assert.deepEqual(
    ['I hope you can improve it.', 'How could it become like this?', "It's fine after rebooting."].map((t) =>
      readOne(engine, t),
    ),
    [
      { value: -0.2, evidence: [['hope you can improve', '"hope you can improve" reports a problem']] },
      { value: -0.2, evidence: [['How could it become', '"How could it become" reports a problem']] },
      { value: 0.36, evidence: [['fine after rebooting', '"fine after rebooting" says the problem is solved']] },
    ],
  );
});
