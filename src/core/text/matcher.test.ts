import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhraseMatcher } from './matcher.ts';
import { tokenize } from './tokenize.ts';
import { NUMBER_WORD, Vocabulary } from './vocabulary.ts';

function matcher(...phrases: string[][]) {
  const vocabulary = new Vocabulary();
  vocabulary.add('three', NUMBER_WORD);
  const m = new PhraseMatcher(vocabulary);
  phrases.forEach((p, i) => m.add(p, { family: 'f', label: `l${i}`, value: i, phrase: p.join(' ') }));
  return (text: string) => {
    const tokens = tokenize(text);
    return m.match(tokens, vocabulary.lookup(tokens)).map((x) => [x.entry.phrase, x.from, x.to]);
  };
}

test('matches come by start, widest first, equal spans in walk order; * is any word and #num any number', () => {
  const match = matcher(['it', 'happens'], ['it', 'happens', 'to', '*'], ['#num', 'times'], ['it', '*'], ['called']);
  assert.deepEqual(match('It happens to me. Called three times, it happens'), [
    ['it happens to *', 0, 4],
    ['it *', 0, 2],
    ['it happens', 0, 2],
    ['called', 5, 6],
    ['#num times', 6, 8],
    ['it *', 9, 11],
    ['it happens', 9, 11],
  ]);
});
