import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFeaturizer, type FeaturizerParams } from './featurize.ts';

const params: FeaturizerParams = { log2Buckets: 16, charMin: 3, charMax: 5, negators: ['not'], negationScope: 2 };
const indices = (text: string, p = params) => {
  const f = createFeaturizer(p).featurize(text);
  return Array.from(f.index.slice(0, f.count));
};

test('the same text always gives the same features, across featurisers', () => {
  const text = 'My parcel is late again!!';
  assert.deepEqual(indices(text), indices(text));
  const shared = createFeaturizer(params);
  shared.featurize('something else entirely');
  const again = shared.featurize(text);
  assert.deepEqual(Array.from(again.index.slice(0, again.count)), indices(text));
});

test('a word gives its unigram and its 3-5 character grams with boundary marks', () => {
  // "<abc>": three 3-grams, two 4-grams, one 5-gram, plus the unigram
  assert.equal(indices('abc').length, 7);
  assert.equal(indices('abc', { ...params, charMin: 3, charMax: 3 }).length, 4);
});

test('bigrams record both of their tokens', () => {
  const f = createFeaturizer({ ...params, charMin: 9, charMax: 9 }).featurize('so slow');
  assert.deepEqual(
    Array.from({ length: f.count }, (_, i) => [f.tokenA[i], f.tokenB[i]]),
    [[0, 0], [1, 1], [0, 1]],
  );
});

test('words in a negation scope get different unigram features, until punctuation', () => {
  const noChars = { ...params, charMin: 9, charMax: 9 };
  const plain = indices('happy', noChars)[0];
  const negated = createFeaturizer(noChars).featurize('not happy');
  assert.notEqual(negated.index[1], plain); // [not, happy(negated), not_happy bigram]
  const closed = createFeaturizer(noChars).featurize('not . happy');
  assert.equal(closed.index[closed.count - 2], plain);
});

test('capitalised words add a shouting feature', () => {
  assert.equal(indices('WHY').length, indices('why').length + 1);
});

test('hostile input stays linear and never throws', () => {
  const f = createFeaturizer(params).featurize('!?'.repeat(100_000) + 'a'.repeat(10_000));
  assert.ok(f.count > 200_000);
});

test('case and curly apostrophes fold, and "n\'t" opens a negation scope', () => {
  assert.deepEqual(indices('I Don\u2019t like it'), indices("i don't like it"));
  const noChars = { ...params, charMin: 9, charMax: 9 };
  assert.notEqual(indices("don't like", noChars)[2], indices('like', noChars)[0]);
});

test('tokens keep their character spans', () => {
  const f = createFeaturizer(params).featurize('Hi  there, well-known 😀!');
  assert.deepEqual(
    Array.from({ length: f.tokenCount }, (_, t) => [f.tokenStart[t], f.tokenEnd[t]]),
    [[0, 2], [4, 9], [9, 10], [11, 21], [22, 24], [24, 25]],
  );
});
