import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixtures, accepted, rejections } from './testing.ts';

const VTT = `WEBVTT

NOTE exported from Teams
with two lines

1
00:00:01.000 --> 00:00:04.200 align:start
<v Agent Smith>Good <b>morning</b>, how can I help?</v>

00:00:04.900 --> 00:00:09.500
<v Customer>Someone used my card.</v>

00:00:09.500 --> 00:00:12.000
I'm panicking.

01:00:12.400 --> 01:00:18.000
<v Agent Smith>I've frozen it.</v>
`;

test('WebVTT voices, merged same-speaker cues, start and end seconds', async () => {
  const records = await readFixtures({ 'calls/c1.vtt': VTT }, { roleNames: { 'agent smith': 'agent' } });
  assert.deepEqual(accepted(records), [
    {
      id: 'c1',
      channel: 'voice',
      language: 'en',
      consent: { analysis: true },
      metadata: { source: 'vtt' },
      turns: [
        {
          role: 'agent',
          text: 'Good morning, how can I help?',
          start: 1,
          end: 4.2,
          metadata: { speaker: 'Agent Smith' },
        },
        {
          role: 'customer',
          text: "Someone used my card. I'm panicking.",
          start: 4.9,
          end: 12,
          metadata: { speaker: 'Customer' },
        },
        { role: 'agent', text: "I've frozen it.", start: 3612.4, end: 3618, metadata: { speaker: 'Agent Smith' } },
      ],
    },
  ]);
});

test('SRT with Speaker: prefixes; out-of-order times are kept and flagged', async () => {
  const srt =
    '1\r\n00:00:05,000 --> 00:00:06,000\r\nAgent: Hello\r\n\r\n2\r\n00:00:01,000 --> 00:00:02,000\r\nCustomer: Hi\r\n';
  const records = await readFixtures({ 'x.srt': srt });
  assert.deepEqual(
    accepted(records).map((c) => [c.turns.map((t) => [t.role, t.text, t.start]), c.metadata?.warnings]),
    [
      [
        [
          ['agent', 'Hello', 5],
          ['customer', 'Hi', 1],
        ],
        ['turn 1 starts at 1s, before the turn before it; kept in the given order'],
      ],
    ],
  );
});

test('cues without a speaker, unknown voices, and a file with no cues', async () => {
  assert.deepEqual(
    rejections(await readFixtures({ 'a.vtt': 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nno speaker\n' })),
    ['1: turns.0: line 3: cue without a speaker label'],
  );
  assert.deepEqual(
    rejections(await readFixtures({ 'b.vtt': 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Zed>hi\n' })),
    ['1: turns.0.role: line 3: unknown speaker "Zed" (map it with --roles "Zed=agent" or "Zed=customer")'],
  );
  assert.deepEqual(rejections(await readFixtures({ 'c.vtt': 'WEBVTT\n' })), ['1: turns: no turns']);
});
