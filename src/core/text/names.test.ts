import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameTokens } from './names.ts';
import { tokenize } from './tokenize.ts';

const namesIn = (text: string) => {
  const tokens = tokenize(text);
  const names = nameTokens(text, tokens, 0.6);
  return names && tokens.filter((_, i) => names[i]).map((t) => t.norm);
};

test('title-case words in a row are a name, not counting the capital that opens a sentence', () => {
  assert.deepEqual(
    [
      'I cannot play Red Dead Redemption 2 at all',
      '@RockstarSupport Red Dead keeps crashing',
      'Hi. My Angry Birds save is gone',
      'Red Dead crashed on my console again',
      'my phone is dead',
    ].map(namesIn),
    [['red', 'dead', 'redemption'], ['red', 'dead'], ['angry', 'birds'], [], null],
  );
});

test('a writer who capitalises most words names nothing', () => {
  assert.deepEqual(namesIn('@united Worst Flight Ever'), null);
});

test('empty, symbol-only and huge turns: no names and no crash (the capital opening the text is not a name)', () => {
  assert.deepEqual(['', '   ', '!!! ??? ...', '@ # $'].map(namesIn), [null, null, null, null]);
  const huge = 'Red Dead Redemption '.repeat(50_000) + 'is broken '.repeat(100_000);
  const names = namesIn(huge)!;
  assert.deepEqual(
    [names.length, names.slice(0, 3), names.at(-1)],
    [149_999, ['dead', 'redemption', 'red'], 'redemption'],
  );
  // a million-letter title-case word is split into 64-letter tokens, all title case: most of the turn, so no names
  assert.deepEqual(namesIn('my ' + 'Ab'.repeat(500_000) + ' Cd is down'), null);
});
