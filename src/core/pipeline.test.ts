import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeConversation } from './analyze.ts';
import { runPipeline, type PipelineSteps } from './pipeline.ts';
import { redactConversation } from './privacy/index.ts';
import { Conversation, type ConversationInput } from './schema/index.ts';
import { testEngine } from './testing.ts';

const engine = testEngine();
const steps: PipelineSteps = {
  analyze: (c, options) => analyzeConversation(c, engine, options),
  redact: redactConversation,
};

const contact = (id: string, at: string, text: string, extra: Partial<ConversationInput> = {}) =>
  Conversation.parse({
    id,
    channel: 'chat',
    startedAt: at,
    customer: { id: 'cust-1' },
    turns: [
      { role: 'customer', text },
      { role: 'agent', text: "I've logged a fault for you." },
    ],
    ...extra,
  });

test('an opted-out conversation is neither redacted nor analysed', () => {
  const redacted: string[] = [];
  const analysed: string[] = [];
  const spy: PipelineSteps = {
    analyze: (c, options) => {
      analysed.push(c.id);
      return steps.analyze(c, options);
    },
    redact: (c) => {
      redacted.push(c.id);
      return redactConversation(c);
    },
  };
  const input = contact('out', '2026-10-01T09:00:00Z', 'Call me on 07700 900123', { consent: { analysis: false } });
  assert.deepEqual(runPipeline(input, spy), {
    conversation: input,
    analysis: { id: 'out', skipped: 'opted-out' },
    contact: undefined,
    repeats: [],
  });
  assert.deepEqual([redacted, analysed], [[], []]);
});

test('a repeat contact is found before scoring: its tier, reason and routing count the cue, and its topic stays its own', () => {
  const first = runPipeline(
    contact('call-1', '2026-10-01T09:00:00Z', 'My broadband keeps dropping every evening, the router lights go red.'),
    steps,
  );
  const later = contact(
    'chat-2',
    '2026-10-03T09:00:00Z',
    'The broadband is dropping again tonight, router lights red again.',
  );
  const alone = runPipeline(later, steps);
  const linked = runPipeline(later, steps, [first.contact!]);
  assert.ok(!('skipped' in alone.analysis) && !('skipped' in linked.analysis));
  assert.deepEqual(
    [alone.analysis.tier, linked.analysis.tier, linked.analysis.tierReason.topic, linked.repeats],
    [3, 2, 'repeat-contact', ['call-1']],
  );
  assert.deepEqual(
    linked.analysis.cues.find((c) => c.kind === 'repeat-contact')?.evidence.map((e) => [e.detector, e.conversation]),
    [['journey', 'call-1']],
  );
  assert.equal(linked.contact?.topic, alone.contact?.topic);
  // the same conversation re-sent does not repeat itself
  assert.deepEqual(runPipeline(later, steps, [linked.contact!]).repeats, []);
});

test('a caller that keeps no journeys gets the same analysis, without a contact summary', () => {
  const input = contact(
    'chat-3',
    '2026-10-03T09:00:00Z',
    'The broadband is dropping again tonight, router lights red.',
  );
  const kept = runPipeline(input, steps);
  const spared = runPipeline(input, { ...steps, contacts: false });
  assert.ok(kept.contact);
  assert.deepEqual(spared, { ...kept, contact: undefined });
});
