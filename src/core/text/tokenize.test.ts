import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from './tokenize.ts';

const brief = (text: string) => tokenize(text).map((t) => [t.norm, t.kind, t.start]);

test('an e-mail address or URL is one token only when it fills its run of non-space characters', () => {
  assert.deepEqual(brief('mail ana@x.co.uk, or www.example.com/help.'), [
    ['mail', 'word', 0],
    ['ana@x.co.uk', 'email', 5],
    [',', 'punct', 16],
    ['or', 'word', 18],
    ['www.example.com/help', 'url', 21],
    ['.', 'punct', 41],
  ]);
  // no dot after the @, nothing before it, or two @: not addresses
  assert.deepEqual(brief('a@b. c@d.e @x.y b@@c.d'), [
    ['a', 'word', 0],
    ['@', 'punct', 1],
    ['b', 'word', 2],
    ['.', 'punct', 3],
    ['c@d.e', 'email', 5],
    ['@', 'punct', 11],
    ['x', 'word', 12],
    ['.', 'punct', 13],
    ['y', 'word', 14],
    ['b', 'word', 16],
    ['@', 'punct', 17],
    ['@', 'punct', 18],
    ['c', 'word', 19],
    ['.', 'punct', 20],
    ['d', 'word', 21],
  ]);
});

test('curly apostrophes inside a word fold to ASCII in its norm', () => {
  assert.deepEqual(brief('it’s DON‘T ’x'), [
    ["it's", 'word', 0],
    ["don't", 'word', 5],
    ['’', 'punct', 11],
    ['x', 'word', 12],
  ]);
});

test('empty text has no tokens; a 100,000-character run of "a@b." is words and punctuation, never one address', () => {
  assert.deepEqual(tokenize(''), []);
  const run = 'a@b.'.repeat(25_000);
  const expected = Array.from({ length: 25_000 }, (_, k) => [
    ['a', 'word', 4 * k],
    ['@', 'punct', 4 * k + 1],
    ['b', 'word', 4 * k + 2],
    ['.', 'punct', 4 * k + 3],
  ]).flat();
  assert.deepEqual(brief(run), expected);
  assert.deepEqual(
    brief('@'.repeat(5)),
    Array.from({ length: 5 }, (_, k) => ['@', 'punct', k]),
  );
});
