import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLetter } from './chars.ts';
import { lowerSameLength } from './normalize.ts';
import { letterRunEnd, PhraseIndex } from './phrase-index.ts';

const PHRASES = [
  'my name is',
  'my husband',
  'my',
  "i'm",
  'i am',
  'im',
  'd.o.b',
  'dob',
  'pass:',
  'ta',
  'thanks',
  'x',
  'xx',
];
const TEXTS = [
  "Hi, I'm Ana. My name is Ana Lima, my husband is Tom; DOB 1/2/80, d.o.b. again",
  'ta! tax taxi thanks thanksgiving xx x xxx imim im IM pass: hunter2 passes',
  'Ｍy ÉCOLE İstanbul Kelvin \u212Aelvin',
];

test('a phrase index offers, at every word start, every phrase that matches there, in the order given', () => {
  const index = new PhraseIndex(PHRASES, (p) => p);
  for (const text of TEXTS) {
    const lower = lowerSameLength(text);
    for (let i = 0; i < lower.length; i++) {
      if (!isLetter(lower.charCodeAt(i)) || (i > 0 && isLetter(lower.charCodeAt(i - 1)))) continue;
      const matching = PHRASES.filter((p) => lower.startsWith(p, i) && !isLetter(lower.charCodeAt(i + p.length)));
      const offered = index.at(lower, i, letterRunEnd(lower, i)) ?? [];
      assert.deepEqual(
        offered.filter((p) => matching.includes(p)),
        matching,
        `at ${i} of "${text}"`,
      );
    }
  }
  const lower = 'my name is';
  assert.deepEqual(index.at(lower, 0, 2), ['my name is', 'my husband', 'my']);
  assert.equal(index.at('mystery', 0, 7), undefined);
});

test('a phrase whose first word is not ASCII letters is refused when the index is built', () => {
  assert.throws(() => new PhraseIndex(['élan'], (p) => p), /cannot be indexed/);
  assert.throws(() => new PhraseIndex(['#tag'], (p) => p), /cannot be indexed/);
});
