import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeConversation } from '../analyze.ts';
import { Conversation, type FullAnalysis } from '../schema/index.ts';
import { testEngine } from '../testing.ts';
import { toneBursts } from './testing.ts';

const RATE = 8000;
const turns: [string, string, number, number][] = [
  ['customer', 'Hi, I am calling about my order.', 0.2, 1.6],
  ['agent', 'Sure, let me have a look.', 2, 3.2],
  ['customer', 'It is order one two three.', 3.6, 5],
  ['agent', 'It was delayed at the depot, it will come on Friday.', 5.4, 7],
  ['customer', 'Fine.', 7.4, 8.6],
  ['agent', 'Is there anything else?', 9, 10],
];
const conversation = Conversation.parse({
  id: 'call-fine',
  channel: 'voice',
  turns: turns.map(([role, text, start, end]) => ({ role, text, start, end })),
});

/** The customer speaks at a steady level, then says "Fine." much louder and higher. */
function recording(lastCalm: boolean) {
  const customer = toneBursts(RATE, 10.5, 170, [
    [0.2, 1.6],
    [3.6, 5],
  ]);
  const last = toneBursts(RATE, 10.5, lastCalm ? 170 : 290, [[7.4, 8.6]]);
  for (let i = 0; i < customer.length; i++) customer[i] = customer[i]! + last[i]! * (lastCalm ? 1 : 2.5);
  return {
    sampleRate: RATE,
    channels: [
      {
        role: 'agent' as const,
        samples: toneBursts(RATE, 10.5, 120, [
          [2, 3.2],
          [5.4, 7],
          [9, 10],
        ]),
      },
      { role: 'customer' as const, samples: customer },
    ],
  };
}

test('"Fine." said much louder and higher than the customer spoke before is an empathy moment and emotional load, with the voice as evidence', () => {
  const engine = testEngine();
  const agitated = analyzeConversation(conversation, engine, { audio: recording(false) }) as FullAnalysis;
  const calm = analyzeConversation(conversation, engine, { audio: recording(true) }) as FullAnalysis;
  const moment = agitated.moments.find((m) => m.turn === 4);
  assert.deepEqual(moment?.triggers, ['voice:agitated']);
  assert.equal(moment?.evidence[0]?.detector, 'prosody');
  assert.match(
    moment?.evidence[0]?.why ?? '',
    /^the customer's voice: pitch, loudness and pace \d+\.\d standard deviations above their own level \(7\.\d-8\.\d s\)$/,
  );
  assert.deepEqual(
    agitated.routing.dimensions.emotionalLoad.evidence.map((e) => [e.turn, e.detector]),
    [[4, 'prosody']],
  );
  assert.equal(
    calm.moments.find((m) => m.turn === 4),
    undefined,
  );
  assert.equal(calm.routing.dimensions.emotionalLoad.level, 'low');
});
