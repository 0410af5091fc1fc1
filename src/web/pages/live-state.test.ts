import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerEvent } from '../../core/live/events.ts';
import type { LiveCue } from '../../core/schema/index.ts';
import { IDLE, liveReducer, type LiveAction } from './live-state.ts';

const evidence = {
  turn: 0,
  start: 20,
  end: 27,
  text: 'tonight',
  detector: 'lexicon:cue',
  why: '"tonight" signals deadline',
};
const cue: LiveCue = {
  id: 'cue-1',
  kind: 'acknowledge-deadline',
  severity: 'medium',
  message: 'Deadline: "tonight"',
  suggestion: 'Name it first',
  shownAfterTurn: 0,
  evidence: [evidence],
};
const event = (e: ServerEvent): LiveAction => ({ type: 'event', event: e });

test('the panel is what the server sent: turns acknowledged, a cue shown then withdrawn with its outcome, the latest emotion and routing, and the close', () => {
  const steps: LiveAction[] = [
    { type: 'connect', conversationId: 'voice-001' },
    event({ seq: 1, type: 'opened', sessionId: 's1', analysing: true, resumeWithinMs: 60_000, nextTurnSeq: 1 }),
    { type: 'sent', turn: { seq: 1, role: 'customer', text: 'I need this sorted tonight' } },
    event({ seq: 2, type: 'ack', turnSeq: 1, turn: 0, final: true, duplicate: false }),
    event({ seq: 3, type: 'cue', cue }),
    event({
      seq: 4,
      type: 'emotion',
      turn: 0,
      final: true,
      sentiment: -0.4,
      emotions: [{ label: 'anxiety', intensity: 0.5 }],
      trajectory: [{ turn: 0, sentiment: -0.4 }],
      trend: 'steady',
    }),
    event({ seq: 5, type: 'routing', decision: 'ai-safe', reasons: ['nothing high'], high: [], changed: [] }),
    { type: 'sent', turn: { seq: 2, role: 'agent', text: 'Before tonight, I will fix it now.' } },
    event({
      seq: 6,
      type: 'cue-withdrawn',
      id: 'cue-1',
      outcome: 'accepted',
      why: 'named the deadline',
      evidence: [{ ...evidence, turn: 1 }],
    }),
    { type: 'replayed' },
    { type: 'closing' },
    event({ seq: 7, type: 'closed', id: 'replay-1', stored: true, summary: null }),
    { type: 'failed', problem: 'the connection closed (1000)' },
  ];
  const view = steps.reduce(liveReducer, IDLE);
  assert.deepEqual(
    { ...view, emotion: view.emotion?.sentiment, routing: view.routing?.decision, closed: view.closed?.id },
    {
      ...IDLE,
      phase: 'closed',
      sessionId: 's1',
      conversationId: 'voice-001',
      lastEvent: 7,
      turns: [
        { seq: 1, role: 'customer', text: 'I need this sorted tonight', acked: true },
        { seq: 2, role: 'agent', text: 'Before tonight, I will fix it now.', acked: false },
      ],
      cues: [
        { cue, withdrawn: { outcome: 'accepted', why: 'named the deadline', evidence: [{ ...evidence, turn: 1 }] } },
      ],
      emotion: -0.4,
      routing: 'ai-safe',
      closed: 'replay-1',
    },
  );
});

test('a connection that fails before the close says why', () => {
  const steps: LiveAction[] = [
    { type: 'connect', conversationId: 'x' },
    { type: 'failed', problem: 'the server refused or dropped the live connection' },
  ];
  const view = steps.reduce(liveReducer, IDLE);
  assert.deepEqual([view.phase, view.problem], ['failed', 'the server refused or dropped the live connection']);
});
