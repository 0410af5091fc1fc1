import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../engine.ts';
import { FindingsReader } from '../analyze.ts';
import type { LiveVoiceCue } from '../schema/live.ts';
import { decideVoice, watch, type ShownVoice } from './voice-cues.ts';

const built = createEngine();
if (!built.ok) throw new Error(built.errors.join('; '));
const { lexicon } = built.engine;

const shownOf = (kind: LiveVoiceCue['kind'], shownAt: number): ShownVoice => ({
  cue: {
    id: 'cue-1',
    kind,
    severity: 'medium',
    shownAfterTurn: 0,
    why: 'test',
    evidence: [{ start: 1, end: 2, detector: 'prosody', why: 'before' }],
  },
  shownAt,
  turnsBefore: 0,
  agentSince: [],
  again: [],
  decision: null,
});
const agent = (start: number, end: number, fast = false) => ({ role: 'agent' as const, start, end, fast });

test('a voice cue the agent does again after it was shown is ignored, with when; before it was shown does not count', () => {
  const s = shownOf('stop-talking-over', 10);
  watch(s, { events: [{ kind: 'interruption', start: 8, end: 9, by: 'agent', on: 'customer' }], spoken: [] });
  assert.equal(decideVoice(s, [], lexicon, false), null);
  watch(s, {
    events: [
      { kind: 'interruption', start: 12, end: 12.6, by: 'customer', on: 'agent' },
      { kind: 'interruption', start: 14, end: 14.5, by: 'agent', on: 'customer' },
    ],
    spoken: [agent(14, 16)],
  });
  assert.deepEqual(decideVoice(s, [], lexicon, false), {
    outcome: 'ignored',
    evidence: [{ start: 14, end: 14.5, detector: 'live:adoption', why: 'the agent cut in on the customer again' }],
    why: 'the agent cut in on the customer again after the cue',
  });
});

test("a voice cue the agent's next utterances do not repeat is accepted; at the call's end one utterance will do, none leaves it undecided", () => {
  const silence = shownOf('long-silence', 5);
  watch(silence, { events: [], spoken: [agent(3, 4), agent(6, 7)] });
  assert.equal(decideVoice(silence, [], lexicon, false), null, 'one utterance of a window of two');
  watch(silence, { events: [], spoken: [agent(8, 9.5), { role: 'customer', start: 10, end: 11, fast: false }] });
  assert.deepEqual(decideVoice(silence, [], lexicon, false), {
    outcome: 'accepted',
    evidence: [
      { start: 6, end: 7, detector: 'live:adoption', why: 'the agent spoke' },
      { start: 8, end: 9.5, detector: 'live:adoption', why: 'the agent spoke' },
    ],
    why: "not again in the agent's 2 utterance(s) after the cue",
  });
  const fast = shownOf('slow-down', 5);
  watch(fast, { events: [], spoken: [agent(6, 7)] });
  assert.equal(decideVoice(fast, [], lexicon, false), null);
  assert.equal(decideVoice(fast, [], lexicon, true)?.outcome, 'accepted');
  assert.equal(decideVoice(shownOf('slow-down', 5), [], lexicon, true), null, 'the agent never spoke after it');
});

test('an agent still faster than the customer after a slow-down cue ignored it; another silence ignores a long-silence cue', () => {
  const s = shownOf('slow-down', 5);
  watch(s, { events: [], spoken: [agent(6, 8, true)] });
  assert.deepEqual(decideVoice(s, [], lexicon, false), {
    outcome: 'ignored',
    evidence: [{ start: 6, end: 8, detector: 'live:adoption', why: 'the agent still spoke faster than the customer' }],
    why: 'the agent still spoke faster than the customer after the cue',
  });
  const silence = shownOf('long-silence', 5);
  watch(silence, { events: [{ kind: 'dead-air', start: 9, end: 12.5 }], spoken: [] });
  assert.equal(decideVoice(silence, [], lexicon, false)?.outcome, 'ignored');
});

test("the customer's agitation is decided by the agent's words, as the text slow-down cue is", () => {
  const reader = new FindingsReader(built.engine);
  const calm = reader.read(
    {
      role: 'agent',
      text: "I can hear how stressful this refund delay has been, and I'm sorry. Let's take it one step at a time.",
    },
    1,
  );
  const decided = decideVoice(shownOf('agitation-rising', 5), [calm], lexicon, false);
  assert.equal(decided?.outcome, 'accepted', JSON.stringify(decided));
  const blame = reader.read({ role: 'agent', text: 'You should have read the terms before you ordered.' }, 1);
  assert.equal(decideVoice(shownOf('agitation-rising', 5), [blame], lexicon, false)?.outcome, 'dismissed');
});
