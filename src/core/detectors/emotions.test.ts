import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../analyze.ts';
import { FullAnalysis } from '../schema/index.ts';
import type { EmotionModel } from '../models/types.ts';
import { chat, testEngine } from '../testing.ts';

const engine = testEngine();
const labelsOf = (text: string) =>
  FullAnalysis.parse(analyzeConversation(chat('e', ['customer', text]), engine))
    .turns[0]!.emotions.map((e) => e.label)
    .sort();

test('a broken device is a problem, not sadness; "shame on you" is anger, "a shame" disappointment', () => {
  assert.deepEqual(
    ['My screen is broken.', 'Shame on you for selling this.', "It's a shame the app was removed."].map(labelsOf),
    [[], ['anger'], ['disappointment']],
  );
});

const labelsAt = (turn: number, ...turns: Parameters<typeof chat>[1][]) =>
  FullAnalysis.parse(analyzeConversation(chat('e', ...turns), engine))
    .turns[turn]!.emotions.map((e) => e.label)
    .sort();

test('thanks and praise before anyone has answered are courtesy or description; a strong thanks, or thanks after help, counts', () => {
  assert.deepEqual(
    [
      labelsAt(0, ['customer', 'I lost my authenticator when I changed phone, thanks for the help']),
      labelsAt(0, ['customer', 'The app was working great before the update.']),
      labelsAt(0, ['customer', 'Thank you so much, your team sorted my refund yesterday.']),
      labelsAt(
        2,
        ['customer', 'My refund has not arrived.'],
        ['agent', 'I have reissued it now.'],
        ['customer', 'Thanks.'],
      ),
    ],
    [[], [], ['gratitude'], ['gratitude']],
  );
});

test('customers show repeat failure, time, a broken promise and being lost in their own words', () => {
  assert.deepEqual(
    [
      'This is the second time my card was charged for nothing.',
      'It has been almost an hour now and the theme has not appeared.',
      'I expect more from pricey software.',
      'Where is my refund that you promised?',
      'It says I need to buy the game again. Help?',
      "I'm getting tired of the app resetting.",
    ].map(labelsOf),
    [
      ['frustration'],
      ['impatience'],
      ['disappointment'],
      ['disappointment', 'impatience'],
      ['confusion'],
      ['frustration'],
    ],
  );
});

test('an emotion whose calibrated confidence is under the report floor is not reported', () => {
  const text = 'I am a bit confused about the bill.';
  const floorAt = (reportFloor: number) => {
    const { emotionCalibration } = engine.lexicon.data;
    const strict = testEngine({ emotionCalibration: { ...emotionCalibration!, reportFloor } });
    return FullAnalysis.parse(analyzeConversation(chat('e', ['customer', text]), strict)).turns[0]!.emotions.map(
      (e) => e.label,
    );
  };
  assert.deepEqual([floorAt(0), floorAt(0.99)], [['confusion'], []]);
});

/** The labels of a customer turn that follows an agent's answer. */
const answered = (text: string) =>
  labelsAt(2, ['customer', 'My order is late.'], ['agent', 'I have reissued it now.'], ['customer', text]);

test('thanks followed by "but" and a problem is politeness; a negated worry after "but" is not a problem', () => {
  assert.deepEqual(
    [
      'Thanks, but it still crashes.',
      "thanks, but I'm still having issues",
      'Thank you so much! But the page is still down.',
      'Thanks but no worries, it arrived.',
    ].map(answered),
    [['frustration'], ['frustration'], ['frustration'], ['gratitude']],
  );
});

test('an emotion word inside an @handle is a name: "@worried_dad" is no worry', () => {
  assert.deepEqual(['@worried_dad my order came', 'I am worried my order never came'].map(labelsOf), [[], ['anxiety']]);
});

test('a thanks that signs off a request is courtesy even after an answer; one that opens the reply is gratitude', () => {
  assert.deepEqual(
    [
      'Can you also check my other order? Thanks',
      'Thanks. By the way, can you check my other order?',
      'Is it sorted now? Thanks!',
      'It works now. Can I close the ticket? Thanks',
    ].map(answered),
    [[], ['gratitude'], [], ['gratitude', 'satisfaction']],
  );
});

/** A model that reads every "thanks" as gratitude with high confidence, as GoEmotions' head does. */
const gratefulModel: EmotionModel = {
  id: 'grateful@1',
  predictEmotions: (text) =>
    /thank/i.test(text) ? [{ label: 'gratitude', probability: 0.95, fired: true, drivers: [] }] : [],
  predictSentiment: () => ({ value: 0.5, drivers: [] }),
};

test("before anyone has answered the model's confidence does not make a plain thanks gratitude; a strong phrase is", () => {
  const grateful = testEngine({}, gratefulModel);
  const first = (text: string) =>
    FullAnalysis.parse(analyzeConversation(chat('e', ['customer', text]), grateful))
      .turns[0]!.emotions.map((e) => e.label)
      .sort();
  assert.deepEqual(
    [
      'I lost my authenticator when I changed phone, thanks for the help',
      'Thank you so much, your team sorted my refund yesterday.',
    ].map(first),
    [[], ['gratitude']],
  );
});

test('customers show frustration, anger and worry in general frames', () => {
  assert.deepEqual(
    [
      'I have tried to log in multiple times and it will not let me.',
      "Cannot believe y'all haven't caught that yet.",
      'There is an unauthorized charge on my card.',
      'How come my balance is zero?',
    ].map(labelsOf),
    [['frustration'], ['anger', 'frustration'], ['anxiety'], ['confusion']],
  );
});

test('crying and facepalm emoji show sadness and frustration; an angry face shows anger', () => {
  assert.deepEqual(['Can you just help me please 😭', 'your service is so bad 🤦‍♂️', 'charged twice 😡'].map(labelsOf), [
    ['sadness'],
    ['frustration'],
    ['anger', 'anxiety'],
  ]);
});

test('four words in capitals in a row read as shouting, unless what they say is good; acronyms and handles do not', () => {
  assert.deepEqual(
    [
      '@Photoshop I WANT MY MONEY BACK for this',
      'I play GTA V on PS4 and XBOX ONE',
      '@ABC_DEF_GHI_JKL my order is late',
      'THE FLIGHT CREW WERE GREAT TODAY',
      'STOP CRASHING WHEN I OPEN IT, NOT GREAT',
    ].map(labelsOf),
    [['anger'], [], [], [], ['anger', 'disappointment', 'frustration']],
  );
});

test('running out of patience and asking when they will reply are impatience; a bad attitude is anger', () => {
  assert.deepEqual(
    ["I'm running out of patience.", 'When will you reply to me?', 'What an attitude from your staff.'].map(labelsOf),
    [['impatience'], ['impatience'], ['anger']],
  );
});
