import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareTurn } from '../analysis/prepare.ts';
import { chat, testEngine } from '../testing.ts';
import { detectBehaviours } from './behaviours.ts';
import { detectScripted } from './scripted.ts';

const { lexicon } = testEngine();

function behavioursOf(text: string) {
  const turn = prepareTurn(chat('b', ['agent', text]).turns[0]!, 0, lexicon);
  return detectBehaviours(turn, lexicon, detectScripted(turn));
}

const found = (text: string, quote: string, kind: string) => {
  const start = text.indexOf(quote);
  return {
    turn: 0,
    start,
    end: start + quote.length,
    text: quote,
    detector: 'lexicon:behaviour',
    why: `"${quote}" is ${kind}`,
  };
};

test('a wider phrase of another kind decides: "it happens to loads of people" validates, it does not dismiss', () => {
  const text = 'Nothing embarrassing about it, it happens to loads of people.';
  assert.deepEqual(behavioursOf(text), [
    {
      kind: 'validation',
      evidence: [
        found(text, 'Nothing embarrassing about it', 'validation'),
        found(text, 'it happens to loads of people', 'validation'),
      ],
    },
  ]);
  const bare = 'It happens.';
  assert.deepEqual(behavioursOf(bare), [{ kind: 'dismissal', evidence: [found(bare, 'It happens', 'dismissal')] }]);
});

test('"when it\'s resolved" is an expectation, not a fix', () => {
  const text = "You will receive a text when it's resolved.";
  assert.deepEqual(behavioursOf(text), [
    {
      kind: 'expectation',
      evidence: [found(text, 'You will receive', 'expectation'), found(text, "when it's resolved", 'expectation')],
    },
  ]);
});

test('an apology word keeps its meaning inside a longer acknowledgement', () => {
  const text = "I'm so sorry to hear about your dad.";
  assert.deepEqual(behavioursOf(text), [
    { kind: 'acknowledgement', evidence: [found(text, "I'm so sorry to hear", 'acknowledgement')] },
    { kind: 'apology', specific: false, evidence: [found(text, 'sorry', 'apology')] },
  ]);
});

test('a hand-over is not a fix, and a stock bot line earns nothing', () => {
  assert.deepEqual(behavioursOf("I'm putting you through to our team."), []);
  const text = 'Please try again later.';
  const why = 'stock courtesy formula "Please try again later": said to everyone';
  assert.deepEqual(behavioursOf(text), [
    {
      kind: 'scripted',
      evidence: [{ turn: 0, start: 0, end: 22, text: 'Please try again later', detector: 'lexicon:courtesy', why }],
    },
  ]);
  const sorry = 'Sorry for the inconvenience.';
  assert.deepEqual(behavioursOf(sorry), [
    {
      kind: 'scripted',
      evidence: [
        {
          turn: 0,
          start: 0,
          end: 27,
          text: 'Sorry for the inconvenience',
          detector: 'lexicon:scripted',
          why: 'stock empathy formula "Sorry for the inconvenience": says the words without the customer\'s situation',
        },
      ],
    },
  ]);
});

test('peer-support warmth and a shared experience are their own kinds; "I\'m afraid" in service talk is neither', () => {
  const text = 'I know the feeling. I went through the same after my dad died. Hang in there.';
  assert.deepEqual(behavioursOf(text), [
    { kind: 'acknowledgement', evidence: [found(text, 'know the feeling', 'acknowledgement')] },
    {
      kind: 'shared-experience',
      evidence: [
        found(text, 'know the feeling', 'shared-experience'),
        found(text, 'I went through the same', 'shared-experience'),
        found(text, 'my dad', 'shared-experience'),
      ],
    },
    { kind: 'warmth', evidence: [found(text, 'Hang in there', 'warmth')] },
  ]);
  assert.deepEqual(behavioursOf("I'm afraid the offer ended last week."), []);
  assert.deepEqual(
    behavioursOf(
      "You'll be charged a fee of five pounds. I'm sure you can appreciate our position. I found that your payment failed.",
    ),
    [],
  );
});
