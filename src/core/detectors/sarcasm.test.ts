import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareTurn } from '../analysis/prepare.ts';
import { testEngine } from '../testing.ts';
import { detectSarcasm } from './sarcasm.ts';

const engine = testEngine();
/** The sarcasm found in one customer turn: each evidence's text and reason, or null. */
function sarcasmIn(text: string) {
  const turn = prepareTurn({ role: 'customer', text }, 0, engine.lexicon);
  const found = detectSarcasm(turn, engine.lexicon);
  return found && { evidence: found.evidence.map((e) => [e.text, e.why]), ranges: found.ranges.length };
}

test('announced sarcasm turns the praise around wherever it stands', () => {
  assert.deepEqual(sarcasmIn('called your service line and was hung up on. This is awesome. #sarcasm'), {
    evidence: [
      ['#sarcasm', 'the customer announces sarcasm'],
      ['awesome', 'praise in a turn announced as sarcastic is meant the other way'],
    ],
    ranges: 1,
  });
  assert.deepEqual(sarcasmIn('my bill doubled /s'), {
    evidence: [['/s', 'the customer announces sarcasm']],
    ranges: 0,
  });
});

test('praise after a lead-in ("another fantastic day") beside a complaint is sarcasm; sincere praise is not', () => {
  assert.deepEqual(sarcasmIn("another fantastic day of non-functioning email! It's such a joy"), {
    evidence: [
      ['fantastic', 'praise opening a sentence beside a complaint reads as sarcasm'],
      ['another', 'the complaint that turns the praise around'],
      ['such a joy', 'praise opening a sentence beside a complaint reads as sarcasm'],
      ['another', 'the complaint that turns the praise around'],
    ],
    ranges: 2,
  });
  assert.equal(sarcasmIn('This is awesome, thank you for sorting my refund.'), null);
  assert.equal(sarcasmIn('The new app looks fantastic.'), null);
});

test('thanks whose own clause names something suffered is sarcasm; thanks beside a later complaint is not', () => {
  assert.deepEqual(sarcasmIn('Thank you for allowing me to spend more money on a broken phone.'), {
    evidence: [
      ['Thank you for', 'thanks for something suffered is meant the other way'],
      ['more money', 'what the customer was made to suffer'],
    ],
    ranges: 1,
  });
  assert.deepEqual(sarcasmIn('Great, thanks for making me wait 3 hours'), {
    evidence: [
      ['thanks for', 'thanks for something suffered is meant the other way'],
      ['making me wait', 'what the customer was made to suffer'],
    ],
    ranges: 1,
  });
  assert.deepEqual(
    [
      'Thanks for the update, still waiting though',
      'thanks for fixing my broken screen',
      'Thanks for helping me again!',
      '@Great_Support thanks for nothing',
    ].map(sarcasmIn),
    [null, null, null, sarcasmIn('thanks for nothing')],
  );
});
