import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhraseMatcher } from './matcher.ts';
import { tokenize } from './tokenize.ts';
import { NUMBER_WORD, Vocabulary } from './vocabulary.ts';
import { expandPattern, patternChoices } from '../lexicon/pattern.ts';

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

test("a phrase added by its parts' choices matches as its expansions added one by one do, in the same order", () => {
  const phrases = ['(i am|im) [so] sorry [about] *', 'called (twice|#num times) [today]', '[really] (sorry|sad)'];
  const words = (text: string) => tokenize(text).map((t) => t.norm);
  const build = (byChoices: boolean) => {
    const vocabulary = new Vocabulary();
    vocabulary.add('three', NUMBER_WORD);
    const m = new PhraseMatcher(vocabulary);
    phrases.forEach((phrase, i) => {
      const entry = { family: 'f', label: `l${i}`, value: i, phrase };
      if (byChoices) {
        const result = patternChoices(phrase, words);
        assert.ok(result.ok);
        m.addChoices(result.choices, entry);
      } else {
        const result = expandPattern(phrase, words);
        assert.ok(result.ok);
        for (const expansion of result.expansions) m.add(expansion, entry);
      }
    });
    return (text: string) => {
      const tokens = tokenize(text);
      return m.match(tokens, vocabulary.lookup(tokens)).map((x) => [x.entry.phrase, x.from, x.to]);
    };
  };
  const text = "I am so sorry about that. Im sorry, really sad. Called three times today and called twice; I'm sorry";
  const expected = build(false)(text);
  assert.equal(expected.length, 10);
  assert.deepEqual(build(true)(text), expected);
});
