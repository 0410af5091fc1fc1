import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overlaps, silences } from './overlap.ts';

test('a long cut-in is an interruption by whoever started second; a short backchannel is only an overlap', () => {
  const agent = {
    role: 'agent',
    spans: [
      { start: 0, end: 5 },
      { start: 9, end: 12 },
    ],
  };
  const customer = {
    role: 'customer',
    spans: [
      { start: 4, end: 8 },
      { start: 10, end: 10.5 },
    ],
  };
  assert.deepEqual(overlaps(agent, customer, 0.1, 0.8), [
    { start: 4, end: 5, by: 'customer', on: 'agent', interruption: true },
    { start: 10, end: 10.5, by: 'customer', on: 'agent', interruption: false },
  ]);
});

test('overlaps shorter than the minimum are not reported', () => {
  assert.deepEqual(
    overlaps({ role: 'a', spans: [{ start: 0, end: 1 }] }, { role: 'b', spans: [{ start: 0.95, end: 2 }] }, 0.1, 0.8),
    [],
  );
});

test('silences are the gaps nobody fills, including before the first and after the last word', () => {
  assert.deepEqual(
    silences(
      [
        { start: 1, end: 2 },
        { start: 1.5, end: 3 },
        { start: 6, end: 7 },
      ],
      10,
      0.5,
    ),
    [
      { start: 0, end: 1 },
      { start: 3, end: 6 },
      { start: 7, end: 10 },
    ],
  );
});
