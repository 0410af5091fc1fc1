import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toneBursts } from '../../core/prosody/testing.ts';
import { writeWav } from '../../io/audio/wav.ts';
import { run } from './analyze.ts';
import { runCommand } from './testing.ts';

const RATE = 8000;
// customer 0.2-2.5 s; the agent cuts in at 2.0 and talks to 4.0; 3.5 s of dead air; agent 7.5-9; customer 8.5-10
const call = writeWav({
  sampleRate: RATE,
  channels: [
    toneBursts(RATE, 10.5, 120, [
      [2, 4],
      [7.5, 9],
    ]),
    toneBursts(RATE, 10.5, 210, [
      [0.2, 2.5],
      [8.5, 10],
    ]),
  ],
});
const transcript = JSON.stringify({
  id: 'call-1',
  channel: 'voice',
  turns: [
    { role: 'customer', text: 'My heating has been off since Monday and I have a baby at home.', start: 0.2, end: 2.5 },
    { role: 'agent', text: 'Let me just pull up the account.', start: 2.0, end: 4.0 },
    { role: 'agent', text: 'I have booked an engineer for eight tomorrow morning.', start: 7.5, end: 9.0 },
    { role: 'customer', text: 'Thank you, that helps.', start: 8.5, end: 10.0 },
  ],
});

test('attune analyze call.wav --transcript: the voice joins the analysis, with times as evidence', async () => {
  const result = await runCommand(
    run,
    ['call.wav', '--transcript', 'call.json', '--audio-channels', 'agent,customer', '--no-model'],
    { 'call.wav': call, 'call.json': transcript },
  );
  assert.equal(result.code, 0, result.stderr);
  const { voice } = JSON.parse(result.stdout);
  const near = (a: number, b: number) => Math.abs(a - b) <= 0.05;
  const events = voice.events.map((e: { kind: string; start: number; end: number; by?: string }) => [
    e.kind,
    e.by ?? '',
    near(e.start, 0) ? 0 : e.start,
    e.end,
  ]);
  assert.equal(voice.source, 'audio');
  assert.deepEqual(
    voice.events.map((e: { kind: string; by?: string }) => [e.kind, e.by ?? null]),
    [
      ['interruption', 'agent'],
      ['dead-air', null],
      ['interruption', 'customer'],
    ],
    JSON.stringify(events),
  );
  const [cutIn, deadAir, cutBack] = voice.events;
  assert.ok(
    near(cutIn.start, 2) &&
      near(cutIn.end, 2.5) &&
      near(deadAir.start, 4) &&
      near(deadAir.end, 7.5) &&
      near(cutBack.start, 8.5) &&
      near(cutBack.end, 9),
    JSON.stringify(voice.events),
  );
  assert.deepEqual(
    voice.cues.map((c: { kind: string }) => c.kind),
    ['long-silence'],
  );
  assert.deepEqual(
    voice.behaviours.map((b: { kind: string }) => b.kind),
    ['talk-over'],
  );
  assert.deepEqual(
    voice.turns.map((t: { turn: number; role: string }) => [t.turn, t.role]),
    [
      [0, 'customer'],
      [1, 'agent'],
      [2, 'agent'],
      [3, 'customer'],
    ],
  );
  assert.ok(
    near(voice.turns[0].pitchHz / 210, 1) && near(voice.turns[1].pitchHz / 120, 1),
    JSON.stringify(voice.turns),
  );
});

test('a stereo call without --audio-channels, a bad role, or a transcript with two conversations is refused plainly', async () => {
  const noChannels = await runCommand(run, ['call.wav', '--transcript', 'call.json', '--no-model'], {
    'call.wav': call,
    'call.json': transcript,
  });
  assert.deepEqual(
    [noChannels.code, noChannels.stderr],
    [
      64,
      'attune analyze: the recording has 2 channels: say who is on each with --audio-channels, e.g. agent,customer\n',
    ],
  );
  const badRole = await runCommand(
    run,
    ['call.wav', '--transcript', 'call.json', '--audio-channels', 'agent,caller', '--no-model'],
    { 'call.wav': call, 'call.json': transcript },
  );
  assert.deepEqual(
    [badRole.code, badRole.stderr],
    [64, 'attune analyze: --audio-channels: "caller" is not one of agent, customer, mixed\n'],
  );
  const two = await runCommand(
    run,
    ['call.wav', '--transcript', 'calls.jsonl', '--audio-channels', 'agent,customer', '--no-model'],
    { 'call.wav': call, 'calls.jsonl': `${transcript}\n${transcript.replace('call-1', 'call-2')}\n` },
  );
  assert.deepEqual(
    [two.code, two.stderr],
    [1, "attune analyze: calls.jsonl holds 2 conversations; a call's transcript must hold exactly one\n"],
  );
  const notAudio = await runCommand(run, ['call.json', '--transcript', 'call.json', '--no-model'], {
    'call.json': transcript,
  });
  assert.deepEqual(
    [notAudio.code, notAudio.stderr],
    [1, 'attune analyze: call.json: not a WAV file (no RIFF/WAVE header)\n'],
  );
});
