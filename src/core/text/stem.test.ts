import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stem } from './stem.ts';

test('inflections of one word meet, doubled consonants included', () => {
  const words = [
    'resetting',
    'resets',
    'reset',
    'stopped',
    'stops',
    'called',
    'calls',
    'charged',
    'charges',
    'charging',
    'added',
    'missed',
    'replies',
  ];
  assert.deepEqual(Object.fromEntries(words.map((w) => [w, stem(w)])), {
    resetting: 'reset',
    resets: 'reset',
    reset: 'reset',
    stopped: 'stop',
    stops: 'stop',
    called: 'call',
    calls: 'call',
    charged: 'charg',
    charges: 'charg',
    charging: 'charg',
    added: 'add',
    missed: 'miss',
    replies: 'reply',
  });
});
