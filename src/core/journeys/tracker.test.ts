import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Conversation, type Analysis, type FullAnalysis } from '../schema/index.ts';
import { createJourneyTracker } from './index.ts';

const noEvidence = { level: 'low' as const, evidence: [] };

function analysed(
  id: string,
  customer: string | undefined,
  startedAt: string,
  channel: string,
  texts: string[],
  sentiments: number[],
): [Conversation, Analysis] {
  const conversation = Conversation.parse({
    id,
    channel,
    startedAt,
    ...(customer ? { customer: { id: customer } } : {}),
    turns: texts.map((text, i) => ({ role: i % 2 === 0 ? 'customer' : 'agent', text })),
  });
  const analysis: FullAnalysis = {
    id,
    engine: { version: 'test', lexicon: 'test', models: [] },
    turns: texts.map((_, i) => ({
      index: i,
      role: i % 2 === 0 ? 'customer' : 'agent',
      sentiment: sentiments[i] ?? 0,
      emotions: i % 2 === 0 && (sentiments[i] ?? 0) < 0 ? [{ label: 'frustration', intensity: 0.8, evidence: [] }] : [],
      behaviours: [],
    })),
    cues: [],
    moments: [],
    scores: { empathy: 50, compassion: 50, overall: 50, sentimentShift: 0, heardNotHelped: false },
    explanation: { empathy: [], compassion: [], overall: [], sentimentShift: [] },
    routing: {
      decision: 'ai-safe',
      dimensions: {
        emotionalLoad: noEvidence,
        ambiguity: noEvidence,
        moralTradeoff: noEvidence,
        irreversibility: noEvidence,
        explainability: noEvidence,
      },
      reasons: [],
    },
    tier: 2,
    tierReason: { topic: 'billing', evidence: [] },
    vulnerability: [],
  };
  return [conversation, analysis];
}

test('a later contact about the same thing gets a repeat-contact cue citing the earlier one, though the customer never says so', () => {
  const journeys = createJourneyTracker();
  const call = analysed(
    'call-1',
    'u1',
    '2024-03-01T09:00:00Z',
    'voice',
    ['My broadband keeps dropping out every evening', 'Let me reset the line.'],
    [-0.5, 0.2],
  );
  const chat = analysed(
    'chat-2',
    'u1',
    '2024-03-03T18:00:00Z',
    'chat',
    ['The broadband is dropping again tonight', 'I am booking an engineer.'],
    [-0.7, 0.3],
  );
  assert.equal(journeys.add(...call), undefined);
  assert.deepEqual(journeys.add(...chat), {
    kind: 'repeat-contact',
    evidence: [
      {
        turn: 0,
        start: 3,
        end: 12,
        text: 'broadband',
        detector: 'journey',
        conversation: 'call-1',
        why: 'earlier contact call-1 (voice on 2024-03-01) about the same thing: "broadband", "dropping"',
      },
    ],
  });
  assert.deepEqual(journeys.finish(), [
    {
      customerId: 'u1',
      contacts: [
        {
          conversationId: 'call-1',
          channel: 'voice',
          at: '2024-03-01T09:00:00.000Z',
          startSentiment: -0.5,
          endSentiment: -0.5,
          emotions: ['frustration'],
          repeats: [],
        },
        {
          conversationId: 'chat-2',
          channel: 'chat',
          at: '2024-03-03T18:00:00.000Z',
          startSentiment: -0.7,
          endSentiment: -0.7,
          emotions: ['frustration'],
          repeats: ['call-1'],
        },
      ],
      trajectory: { firstSentiment: -0.5, lastSentiment: -0.7, direction: 'worsening' },
      droppedContacts: 0,
    },
  ]);
});

test('outside the window, about something else, another customer, or no customer id: no link', () => {
  const journeys = createJourneyTracker({ windowDays: 7 });
  journeys.add(...analysed('a', 'u1', '2024-03-01T09:00:00Z', 'voice', ['My broadband keeps dropping out'], [-0.5]));
  assert.equal(
    journeys.add(...analysed('b', 'u1', '2024-03-20T09:00:00Z', 'chat', ['My broadband keeps dropping out'], [-0.5])),
    undefined,
  );
  assert.equal(
    journeys.add(...analysed('c', 'u1', '2024-03-21T09:00:00Z', 'chat', ['Wrong colour sofa delivered'], [-0.5])),
    undefined,
  );
  assert.equal(
    journeys.add(...analysed('d', 'u2', '2024-03-21T10:00:00Z', 'chat', ['Wrong colour sofa delivered'], [-0.5])),
    undefined,
  );
  assert.equal(
    journeys.add(...analysed('e', undefined, '2024-03-21T11:00:00Z', 'chat', ['Wrong colour sofa delivered'], [-0.5])),
    undefined,
  );
  assert.deepEqual(
    journeys.finish().map((j) => [j.customerId, j.contacts.map((c) => c.repeats)]),
    [['u1', [[], [], []]]],
  );
});

test('one shared order number is enough', () => {
  const journeys = createJourneyTracker();
  journeys.add(...analysed('a', 'u1', '2024-03-01T09:00:00Z', 'email', ['Where is order 558812?'], [-0.2]));
  const cue = journeys.add(...analysed('b', 'u1', '2024-03-02T09:00:00Z', 'chat', ['Status of 558812 please'], [-0.2]));
  assert.equal(cue?.evidence[0]?.text, '558812');
});
