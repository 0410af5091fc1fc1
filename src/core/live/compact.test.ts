import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../engine.ts';
import { FindingsReader } from '../analyze.ts';
import { compact } from './compact.ts';

const built = createEngine();
if (!built.ok) throw new Error(built.errors.join('; '));
const engine = built.engine;

test('a compacted turn keeps its tokens, grouped matches and findings; only the word ids, the flat match list and a negation list of no negation go', () => {
  const text = "I'm SO worried: the refund was due Friday and I need it before my rent on Monday. Zyxwv!";
  const read = () => new FindingsReader(engine).read({ role: 'customer', text }, 0);
  const whole = read();
  const compacted = compact(read(), engine.lexicon.vocabulary);
  assert.ok(whole.turn.ids.some((id) => id >= 0) && whole.turn.ids.includes(-1) && whole.turn.matches.length > 0);
  assert.ok(!whole.turn.negated.includes(true));
  assert.deepEqual(compacted, { ...whole, turn: { ...whole.turn, ids: [], matches: [], negated: [] } });
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

test('a turn with no negated token keeps an empty negation list, which reads the same at every token; one with negation keeps its own', () => {
  const read = (text: string) => new FindingsReader(engine).read({ role: 'customer', text }, 0);
  const plain = read('The refund was due Friday.');
  const negated = read('I am not happy, the refund never came.');
  const asRead = [plain.turn.negated, negated.turn.negated];
  const kept = [compact(plain, engine.lexicon.vocabulary), compact(negated, engine.lexicon.vocabulary)].map(
    (f) => f.turn.negated,
  );
  assert.ok(asRead[1]!.includes(true));
  assert.deepEqual(
    { kept, readAt: kept.map((n, i) => asRead[i]!.map((_, t) => n[t] === true)) },
    { kept: [[], asRead[1]], readAt: asRead },
  );
});
