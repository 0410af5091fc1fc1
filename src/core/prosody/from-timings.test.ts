import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversation } from '../schema/index.ts';
import { voiceFromTimings } from './from-timings.ts';
import { DEFAULT_PROSODY_SETTINGS as settings } from './settings.ts';

const call = (turns: [string, number, number][]) =>
  Conversation.parse({
    id: 'c1',
    channel: 'voice',
    turns: turns.map(([role, start, end]) => ({ role, text: '…', start, end })),
  });

test('a timed transcript gives cut-ins, dead air, the cues they raise and the agent talking over, with times as evidence', () => {
  const voice = voiceFromTimings(
    call([
      ['customer', 0, 6],
      ['agent', 4, 9],
      ['customer', 13, 15],
      ['agent', 14, 18],
      ['customer', 17.5, 19],
    ]),
    settings,
  );
  assert.deepEqual(voice && { events: voice.events, cues: voice.cues, behaviours: voice.behaviours }, {
    events: [
      { kind: 'interruption', start: 4, end: 6, by: 'agent', on: 'customer' },
      { kind: 'dead-air', start: 9, end: 13 },
      { kind: 'interruption', start: 14, end: 15, by: 'agent', on: 'customer' },
      { kind: 'interruption', start: 17.5, end: 18, by: 'customer', on: 'agent' },
    ],
    cues: [
      {
        kind: 'stop-talking-over',
        why: 'the agent cut in on the customer 2 times',
        evidence: [
          { start: 4, end: 6, detector: 'prosody', why: 'agent started while the customer was speaking' },
          { start: 14, end: 15, detector: 'prosody', why: 'agent started while the customer was speaking' },
        ],
      },
      {
        kind: 'long-silence',
        why: '1 silence of 3 s or more',
        evidence: [{ start: 9, end: 13, detector: 'prosody', why: '4 s with nobody speaking' }],
      },
    ],
    behaviours: [
      {
        kind: 'talk-over',
        evidence: [
          {
            start: 4,
            end: 6,
            detector: 'prosody',
            why: 'the agent started talking while the customer was still speaking',
          },
          {
            start: 14,
            end: 15,
            detector: 'prosody',
            why: 'the agent started talking while the customer was still speaking',
          },
        ],
      },
    ],
  });
});

test('fewer than two timed turns say nothing', () => {
  assert.equal(voiceFromTimings(call([['customer', 0, 3]]), settings), null);
});
