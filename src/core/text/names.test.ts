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
