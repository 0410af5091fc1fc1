import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeConversation } from '../analyze.ts';
import { createEngine } from '../engine.ts';
import { Conversation, type FullAnalysis } from '../schema/index.ts';

const built = createEngine();
if (!built.ok) throw new Error(built.errors.join('; '));
const engine = built.engine;

// the agent cuts in at 2.0 s while the customer speaks to 2.5 s, then talks to 4.0 s
const timed = Conversation.parse({
  id: 'talk-over',
  channel: 'voice',
  turns: [
    {
      role: 'customer',
      text: 'My heating has been off since Monday and I am freezing with a baby at home.',
      start: 0.2,
      end: 2.5,
    },
    {
      role: 'agent',
      text: 'I am so sorry, no heating with a baby at home is awful. I am booking an engineer for eight tomorrow.',
      start: 2.0,
      end: 6.0,
    },
    { role: 'customer', text: 'Thank you.', start: 6.5, end: 7.0 },
  ],
});
const untimed = Conversation.parse({ ...timed, turns: timed.turns.map(({ start: _s, end: _e, ...t }) => t) });
const full = (c: Conversation) => analyzeConversation(c, engine) as FullAnalysis;

test("talk-over is a signed, explained empathy factor: times in why, the agent's words as evidence, the weight from the lexicon", () => {
  const withVoice = full(timed);
  const without = full(untimed);
  const factor = withVoice.explanation.empathy.find((f) => f.factor === 'voice:talk-over');
  const weight = engine.lexicon.data.weights.voice['talk-over'].each;
  assert.deepEqual(factor, {
    factor: 'voice:talk-over',
    contribution: weight,
    why: 'the agent cut in on the customer 1 time (2.0–2.5 s): talking over a customer undoes being heard',
    evidence: [
      {
        turn: 1,
        start: 0,
        end: timed.turns[1]!.text.length,
        text: timed.turns[1]!.text,
        detector: 'prosody',
        why: '2.0–2.5 s: the agent started talking while the customer was still speaking',
      },
    ],
  });
  assert.ok(without.scores.empathy !== null && without.scores.empathy + weight >= 0);
  assert.equal(withVoice.scores.empathy, without.scores.empathy! + weight);
  assert.equal(
    without.explanation.empathy.some((f) => f.factor.startsWith('voice:')),
    false,
  );
});

test('the cap holds however often the agent cuts in; a conversation without a moment keeps no empathy score', () => {
  const { each, cap } = engine.lexicon.data.weights.voice['talk-over'];
  const many = Conversation.parse({
    ...timed,
    turns: Array.from({ length: 12 }, (_, i) => [
      {
        role: 'customer',
        text: i === 0 ? timed.turns[0]!.text : `Is it booked? (${i})`,
        start: i * 10,
        end: i * 10 + 3,
      },
      { role: 'agent', text: `I am sorry, I am booking the engineer now (${i}).`, start: i * 10 + 2, end: i * 10 + 5 },
    ]).flat(),
  });
  const factor = full(many).explanation.empathy.find((f) => f.factor === 'voice:talk-over')!;
  assert.ok(each * 12 < cap);
  assert.equal(factor.contribution, cap);
  const routine = Conversation.parse({
    id: 'r',
    channel: 'voice',
    turns: [
      { role: 'customer', text: 'What time do you open?', start: 0, end: 2 },
      { role: 'agent', text: 'Nine until five.', start: 1.5, end: 4 },
    ],
  });
  assert.equal(full(routine).scores.empathy, null);
});
