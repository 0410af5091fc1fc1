import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../engine.ts';
import { FindingsReader } from '../analyze.ts';
import { compact } from './compact.ts';

const built = createEngine();
if (!built.ok) throw new Error(built.errors.join('; '));
const engine = built.engine;

test('a compacted turn keeps its tokens, grouped matches and findings; only the word ids and the flat match list go', () => {
  const text = "I'm SO worried: the refund was due Friday and I need it before my rent on Monday. Zyxwv!";
  const read = () => new FindingsReader(engine).read({ role: 'customer', text }, 0);
  const whole = read();
  const compacted = compact(read(), engine.lexicon.vocabulary);
  assert.ok(whole.turn.ids.some((id) => id >= 0) && whole.turn.ids.includes(-1) && whole.turn.matches.length > 0);
  assert.deepEqual(compacted, { ...whole, turn: { ...whole.turn, ids: [], matches: [] } });
});

test('the vocabulary gives back each word it holds by id, and nothing for an id it does not hold', () => {
  const vocabulary = engine.lexicon.vocabulary;
  const id = vocabulary.idOf('worried');
  assert.ok(id >= 0);
  assert.deepEqual(
    [vocabulary.word(id), vocabulary.word(-1), vocabulary.word(vocabulary.size)],
    ['worried', undefined, undefined],
  );
});
