import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timingSignals } from './timing.ts';

test('talk/listen ratio, cut-ins, non-talk time and response latency from turn times alone', () => {
  const turns = [
    { role: 'customer' as const, start: 0, end: 4 },
    { role: 'agent' as const, start: 5, end: 11 },
    { role: 'customer' as const, start: 10, end: 12 },
    { role: 'agent' as const, start: 14, end: 16 },
  ];
  assert.deepEqual(timingSignals(turns), {
    talkListenRatio: 8 / 6,
    agentSeconds: 8,
    customerSeconds: 6,
    nonTalkSeconds: 3,
    interruptions: { agent: 0, customer: 1 },
    responseLatencySeconds: 1.5,
  });
});

test('no customer talk means no ratio rather than infinity', () => {
  assert.equal(timingSignals([{ role: 'agent', start: 0, end: 3 }]).talkListenRatio, null);
});
