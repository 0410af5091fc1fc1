import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLiveVoice, LIVE_VOICE_LIMITS } from './live.ts';
import { DEFAULT_PROSODY_SETTINGS } from './settings.ts';
import { toneBursts } from './testing.ts';
import { analyzeVoice } from './voice.ts';
import type { VoiceCue, VoiceEvent } from '../schema/voice.ts';

const RATE = 8000;
// the customer speaks 0.2-2.5 and 8.5-10.5; the agent cuts in at 2.0 (to 4.0) and again at 9.0 (to 11.0); 4.5 s of dead air between
const PLAN = {
  seconds: 12,
  agent: [
    [2, 4],
    [9, 11],
  ] as [number, number][],
  customer: [
    [0.2, 2.5],
    [8.5, 10.5],
  ] as [number, number][],
};
const agent = toneBursts(RATE, PLAN.seconds, 120, PLAN.agent);
const customer = toneBursts(RATE, PLAN.seconds, 210, PLAN.customer);

/** Feeds both channels in 20 ms frames, interleaved as a client streams them; every event and cue with the time it came. */
function stream() {
  const live = createLiveVoice(RATE, ['agent', 'customer'], DEFAULT_PROSODY_SETTINGS);
  const events: (VoiceEvent & { at: number })[] = [];
  const cues: (VoiceCue & { at: number })[] = [];
  const frame = RATE / 50;
  for (let at = 0; at < agent.length; at += frame) {
    for (const [role, samples] of [
      ['agent', agent],
      ['customer', customer],
    ] as const) {
      const update = live.push(role, samples.subarray(at, at + frame));
      const now = (at + frame) / RATE;
      events.push(...update.events.map((e) => ({ ...e, at: now })));
      cues.push(...update.cues.map((c) => ({ ...c, at: now })));
    }
  }
  return { events, cues };
}

const near = (a: number, b: number) => Math.abs(a - b) <= 0.05;

test('20 ms frames in: the same interruptions and dead air as the whole recording, each reported as it happens', () => {
  const { events } = stream();
  const file = analyzeVoice(
    {
      sampleRate: RATE,
      channels: [
        { role: 'agent', samples: agent },
        { role: 'customer', samples: customer },
      ],
    },
    DEFAULT_PROSODY_SETTINGS,
  );
  const fileEvents = file.events.filter((e) => e.kind !== 'pause');
  assert.deepEqual(
    events.map((e) => [e.kind, e.by ?? null]),
    fileEvents.map((e) => [e.kind, e.by ?? null]),
  );
  assert.deepEqual(
    events.map((e) => [e.kind, e.by ?? null]),
    [
      ['interruption', 'agent'],
      ['dead-air', null],
      ['interruption', 'agent'],
    ],
  );
  const [cut, air, cutAgain] = events;
  assert.ok(
    near(cut!.start, 2) && near(cut!.end, 2.5) && near(cutAgain!.start, 9) && near(cutAgain!.end, 10.5),
    JSON.stringify(events),
  );
  // dead air is reported once it reaches the dead-air time, while nobody is speaking yet
  assert.ok(near(air!.start, 4) && near(air!.end, 7) && near(air!.at, 7), JSON.stringify(air));
  // an interruption is known once the one who cut in has stopped
  assert.ok(near(cut!.at, 4.3), JSON.stringify(cut));
});

test("the cues come from the same rules as a whole call's, with their evidence in seconds, each once", () => {
  const { cues } = stream();
  assert.deepEqual(
    cues.map((c) => c.kind),
    ['long-silence', 'stop-talking-over'],
  );
  const [silence, talkOver] = cues;
  assert.ok(near(silence!.at, 7), JSON.stringify(silence));
  assert.deepEqual(
    talkOver!.evidence.map((e) => [near(e.start, [2, 9][talkOver!.evidence.indexOf(e)]!), e.detector]),
    [
      [true, 'prosody'],
      [true, 'prosody'],
    ],
  );
  assert.match(talkOver!.why, /cut in on the customer 2 times/);
});

test('what a live voice keeps is bounded, however long the call', () => {
  const live = createLiveVoice(RATE, ['agent', 'customer'], DEFAULT_PROSODY_SETTINGS);
  const frame = RATE / 50;
  // three minutes of the agent talking in two-second bursts over the customer's, with silences between
  const minute = toneBursts(
    RATE,
    60,
    150,
    Array.from({ length: 15 }, (_, i) => [i * 4, i * 4 + 2] as [number, number]),
  );
  const over = toneBursts(
    RATE,
    60,
    220,
    Array.from({ length: 15 }, (_, i) => [i * 4 + 1, i * 4 + 2.5] as [number, number]),
  );
  for (let m = 0; m < 3; m++) {
    for (let at = 0; at < minute.length; at += frame) {
      live.push('agent', minute.subarray(at, at + frame));
      live.push('customer', over.subarray(at, at + frame));
    }
  }
  assert.equal(Math.round(live.timeOf('agent')), 180);
  const { utterances, events, cueKeys, spans } = live.kept();
  assert.deepEqual(
    [utterances, events, spans],
    [LIVE_VOICE_LIMITS.utterances, LIVE_VOICE_LIMITS.events, LIVE_VOICE_LIMITS.spansPerChannel],
  );
  assert.ok(cueKeys <= 24, String(cueKeys));
});
