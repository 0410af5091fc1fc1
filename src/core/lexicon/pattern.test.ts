import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandPattern } from './pattern.ts';

const words = (text: string) => text.split(' ').filter(Boolean);

test('alternatives, optional groups, wildcards and numbers expand to every concrete phrase', () => {
  assert.deepEqual(expandPattern('(i am|im) [so] sorry', words), {
    ok: true,
    expansions: [
      ['i', 'am', 'so', 'sorry'],
      ['i', 'am', 'sorry'],
      ['im', 'so', 'sorry'],
      ['im', 'sorry'],
    ],
  });
  assert.deepEqual(expandPattern('called (twice|#num times) *', words), {
    ok: true,
    expansions: [
      ['called', 'twice', '*'],
      ['called', '#num', 'times', '*'],
    ],
  });
});

test('malformed phrases are reported, not compiled', () => {
  assert.deepEqual(expandPattern('(a|b', words), { ok: false, reason: 'unclosed "("' });
  assert.deepEqual(expandPattern('step(s)', words), { ok: false, reason: '"step(s)" mixes a word with group syntax' });
  assert.deepEqual(expandPattern('a [b', words), { ok: false, reason: 'unclosed "["' });
  assert.deepEqual(expandPattern('((a))', words), { ok: false, reason: 'groups cannot be nested' });
});
