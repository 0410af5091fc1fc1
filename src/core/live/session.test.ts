import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, type Engine } from '../engine.ts';
import { MAX_LIVE_TURNS, openSession, type LiveSession } from './session.ts';
import type { Unnumbered } from './events.ts';
import { analyzeConversation } from '../analyze.ts';
import { summariseContact } from '../journeys/index.ts';
import { Conversation } from '../schema/index.ts';
import { toneBursts } from '../prosody/testing.ts';

function engineWith(userConfig?: unknown): Engine {
  const built = createEngine(userConfig === undefined ? {} : { userConfig });
  if (!built.ok) throw new Error(built.errors.join('; '));
  return built.engine;
}
const engine = engineWith();

function open(consent = true, e: Engine = engine): LiveSession {
  const opened = openSession(
    { id: 'live-1', channel: 'chat', agent: { id: 'agent-ana' }, consent: { analysis: consent } },
    e,
  );
  if (!opened.ok) throw new Error(opened.problems.join('; '));
  return opened.session;
}

let seq = 0;
const say = (
  s: LiveSession,
  role: 'customer' | 'agent' | 'bot',
  text: string,
  now: number,
  extra: { final?: boolean; segment?: string } = {},
) =>
  s.turn(
    {
      type: 'turn',
      seq: ++seq,
      role,
      text,
      final: extra.final ?? true,
      ...(extra.segment ? { segment: extra.segment } : {}),
    },
    now,
  );
const cuesOf = (events: Unnumbered[]) => events.flatMap((e) => (e.type === 'cue' ? [e.cue] : []));
const of = <T extends Unnumbered['type']>(events: Unnumbered[], type: T) =>
  events.filter((e): e is Extract<Unnumbered, { type: T }> => e.type === type);

test("a deadline is cued in the customer's words, and withdrawn once the agent acknowledges it", () => {
  seq = 0;
  const s = open();
  const first = say(
    s,
    'customer',
    'my account is locked and I have a presentation at 9am tomorrow, all my slides are in there',
    0,
  );
  const [cue] = cuesOf(first);
  assert.equal(cue?.kind, 'acknowledge-deadline');
  assert.equal(cue?.severity, 'medium');
  assert.match(cue!.message, /presentation at 9am tomorrow/);
  assert.match(cue!.suggestion, /you have a presentation at 9am tomorrow/i);
  assert.deepEqual(
    cue!.evidence.map((e) => [e.turn, e.detector]),
    [[0, 'lexicon:cue']],
  );
  assert.deepEqual(
    of(first, 'ack').map((a) => [a.turnSeq, a.turn, a.final, a.duplicate]),
    [[1, 0, true, false]],
  );
  const reply = say(
    s,
    'agent',
    'A locked account the night before your 9am presentation is the last thing you need. Let me unlock it now.',
    1000,
  );
  const withdrawn = of(reply, 'cue-withdrawn');
  assert.deepEqual(
    withdrawn.map((w) => [w.id, w.outcome]),
    [[cue!.id, 'accepted']],
  );
  assert.ok(withdrawn[0]!.evidence.every((e) => e.turn === 1));
  assert.deepEqual(s.activeCues(), []);
  const { summary } = s.close();
  assert.deepEqual(summary?.adoption, { accepted: 1, ignored: 0, dismissed: 0, rate: 1 });
});

test('turns are redacted before a cue quotes them', () => {
  seq = 0;
  const s = open();
  const events = say(
    s,
    'customer',
    'my email is jo.bloggs@example.com and I need this sorted before my flight tomorrow at 6am',
    0,
  );
  const text = JSON.stringify(events);
  assert.ok(!text.includes('jo.bloggs'), text);
  assert.equal(s.close().conversation.turns[0]!.text.includes('[EMAIL]'), true);
});

test('an interim segment is replaced by its final one: one turn, its cue not repeated', () => {
  seq = 0;
  const s = open();
  const a = say(s, 'customer', 'I need this fixed before my flight', 0, { final: false, segment: 'u1' });
  const b = say(s, 'customer', 'I need this fixed before my flight tomorrow at 6am', 500, {
    final: false,
    segment: 'u1',
  });
  const c = say(s, 'customer', 'I need this fixed before my flight tomorrow at 6am please', 900, {
    final: true,
    segment: 'u1',
  });
  assert.deepEqual(
    [...a, ...b, ...c].filter((e) => e.type === 'ack').map((e) => e.type === 'ack' && [e.turn, e.final]),
    [
      [0, false],
      [0, false],
      [0, true],
    ],
  );
  assert.deepEqual(
    cuesOf([...a, ...b, ...c]).map((cue) => cue.kind),
    ['acknowledge-deadline'],
  );
  assert.deepEqual(
    of([...a, ...b, ...c], 'emotion').map((e) => e.final),
    [false, false, true],
  );
  const closed = s.close();
  assert.deepEqual(
    closed.conversation.turns.map((t) => t.text),
    ['I need this fixed before my flight tomorrow at 6am please'],
  );
});

test('a resent turn is acknowledged again and not applied twice; a gap is refused', () => {
  seq = 0;
  const s = open();
  say(s, 'customer', 'hello, quick question about my bill', 0);
  const again = s.turn(
    { type: 'turn', seq: 1, role: 'customer', text: 'hello, quick question about my bill', final: true },
    10,
  );
  assert.deepEqual(again, [{ type: 'ack', turnSeq: 1, turn: 0, final: true, duplicate: true }]);
  const gap = s.turn({ type: 'turn', seq: 5, role: 'agent', text: 'hi', final: true }, 20);
  assert.deepEqual(
    gap.map((e) => e.type === 'error' && e.code),
    ['out_of_order'],
  );
  assert.equal(s.nextTurnSeq, 2);
  assert.equal(s.close().conversation.turns.length, 1);
});

test('at most one new cue per interval, most severe first; the rest wait for tick()', () => {
  seq = 0;
  const s = open();
  const events = say(
    s,
    'customer',
    'this is the third time I have called. my mum died last week and I need her account closed by friday',
    0,
  );
  const first = cuesOf(events);
  assert.deepEqual(
    first.map((c) => c.kind),
    ['care'],
  );
  const interval = engine.lexicon.data.live.cueIntervalMs;
  assert.equal(s.nextCueAt(), interval);
  assert.deepEqual(s.tick(interval - 1), []);
  const second = cuesOf(s.tick(interval));
  assert.equal(second.length, 1);
  assert.equal(second[0]!.severity, 'medium');
  assert.deepEqual(
    s.activeCues().map((c) => c.severity),
    ['high', 'medium'],
  );
});

test('the same finding is never cued twice', () => {
  seq = 0;
  const s = open(true, engineWith({ live: { cueIntervalMs: 0 } }));
  const kinds = [
    ...cuesOf(say(s, 'customer', 'I am in a hurry, what time is the engineer coming?', 0)),
    ...cuesOf(
      say(s, 'customer', 'I am in a hurry, what time is the engineer coming?', 0, { final: false, segment: 'x' }),
    ),
  ].map((c) => c.kind);
  assert.deepEqual(kinds, ['keep-brief']);
});

test('a cue a long reply ignores is dismissed with the words that decided it', () => {
  seq = 0;
  const s = open();
  const [cue] = cuesOf(say(s, 'customer', "I'm in a hurry, just tell me when the engineer is coming", 0));
  const long =
    'Thank you so much for reaching out to us today and I completely understand your frustration, I do apologise for any inconvenience caused, let me just pull up your account and check a few details with you before we look at the appointment together, the engineer is booked for Thursday between 8 and 12.';
  const [withdrawn] = of(say(s, 'agent', long, 1000), 'cue-withdrawn');
  assert.equal(withdrawn?.id, cue!.id);
  assert.equal(withdrawn?.outcome, 'dismissed');
  assert.equal(withdrawn?.evidence[0]?.turn, 1);
});

test('an opted-out session is acknowledged, never analysed, and keeps no text', () => {
  seq = 0;
  const s = open(false);
  const events = say(s, 'customer', 'my dad died last week and I need this before the funeral on friday', 0);
  assert.deepEqual(events, [{ type: 'ack', turnSeq: 1, turn: 0, final: true, duplicate: false }]);
  assert.deepEqual(s.close(), {
    conversation: {
      id: 'live-1',
      channel: 'chat',
      agent: { id: 'agent-ana' },
      consent: { analysis: false },
      language: 'en',
      turns: [],
    },
    summary: null,
    events: [],
  });
});

test('a bot meeting a bereaved customer gets "consider a human" naming what flipped routing; a handover accepts it', () => {
  seq = 0;
  const s = open(true, engineWith({ live: { cueIntervalMs: 0 } }));
  say(s, 'bot', 'Hi! I am the Brightline assistant. How can I help?', 0);
  const events = say(
    s,
    'customer',
    'my dad died on tuesday and I need to stop his contract, I cant deal with this',
    1000,
  );
  const routing = of(events, 'routing');
  assert.equal(routing.at(-1)?.decision, 'human-required');
  const human = cuesOf(events).find((c) => c.kind === 'consider-human');
  assert.ok(human, JSON.stringify(cuesOf(events)));
  assert.match(human.message, /emotional load/);
  const handover = say(s, 'bot', "I'm so sorry. I'm connecting you to a colleague in our bereavement team now.", 2000);
  assert.deepEqual(
    of(handover, 'cue-withdrawn')
      .filter((w) => w.id === human.id)
      .map((w) => w.outcome),
    ['accepted'],
  );
});

test('live settings come from the lexicon and are validated with it', () => {
  assert.equal(engineWith({ live: { cueIntervalMs: 1234 } }).lexicon.data.live.cueIntervalMs, 1234);
  const bad = createEngine({ userConfig: { live: { cueIntervalMs: -1 } } });
  assert.deepEqual(bad.ok ? [] : bad.errors, ['live.cueIntervalMs: Too small: expected number to be >=0']);
});

test('a session holds at most MAX_LIVE_TURNS turns; the next is refused with a typed error, not applied', () => {
  seq = 0;
  const s = open(false);
  for (let i = 0; i < MAX_LIVE_TURNS; i++) say(s, 'customer', 'hello', i);
  assert.deepEqual(
    say(s, 'customer', 'one more', MAX_LIVE_TURNS).map((e) => e.type === 'error' && e.code),
    ['too_large'],
  );
  assert.equal(s.nextTurnSeq, MAX_LIVE_TURNS + 1);
});

test("the customer's earlier contacts make the chase known: cued in their words, citing the earlier contact, once", () => {
  const before = Conversation.parse({
    id: 'old-1',
    channel: 'email',
    startedAt: '2026-03-01T09:00:00Z',
    customer: { id: 'cust-9' },
    turns: [
      { role: 'customer', text: 'My refund for order 558812 never arrived and the parcel was returned two weeks ago.' },
      { role: 'agent', text: 'I have raised it with the warehouse.' },
    ],
  });
  const earlier = [summariseContact(before, analyzeConversation(before, engine))!];
  const meta = {
    id: 'live-9',
    channel: 'chat' as const,
    startedAt: '2026-03-03T10:00:00Z',
    agent: { id: 'agent-ana' },
    customer: { id: 'cust-9' },
  };
  const withHistory = openSession(meta, engine, earlier);
  const without = openSession(meta, engine);
  assert.ok(withHistory.ok && without.ok);
  seq = 0;
  const text = 'Hi, where is the refund for order 558812?';
  const cues = cuesOf(say(withHistory.session, 'customer', text, 0));
  seq = 0;
  assert.deepEqual(
    cuesOf(say(without.session, 'customer', text, 0)).map((c) => c.kind),
    [],
  );
  assert.deepEqual(
    cues.map((c) => [c.kind, c.evidence.map((e) => [e.turn, e.text, e.detector, e.conversation])]),
    [
      [
        'own-the-chase',
        [
          [0, 'refund', 'journey', undefined],
          [0, 'refund', 'journey', 'old-1'],
        ],
      ],
    ],
  );
  assert.match(cues[0]!.message, /order 558812/);
  seq = 1;
  const again = say(withHistory.session, 'customer', 'This is the third time I have asked about my refund.', 1000);
  assert.deepEqual(cuesOf(again), [], 'the chase is not cued twice');
  const reply = say(
    withHistory.session,
    'agent',
    "I'm sorry you've had to chase us about this refund. I'll sort it out for you myself today.",
    2000,
  );
  assert.deepEqual(
    of(reply, 'cue-withdrawn').map((w) => [w.id, w.outcome]),
    [[cues[0]!.id, 'accepted']],
  );
});

test('voice cues wait for the pacing with the text cues, are withdrawn once decided, and are stored with their outcomes', () => {
  const rate = 8000;
  const agent = toneBursts(rate, 12, 120, [
    [2, 4],
    [9, 11],
  ]);
  const customer = toneBursts(rate, 12, 210, [
    [0.2, 2.5],
    [8.5, 10.5],
  ]);
  const opened = openSession({ id: 'live-voice', channel: 'voice' }, engine, [], {
    sampleRate: rate,
    channels: ['agent', 'customer'],
  });
  if (!opened.ok) throw new Error(opened.problems.join('; '));
  const s = opened.session;
  const sent: Unnumbered[] = [];
  // the audio comes in real time: 160 samples are 20 ms
  for (let at = 0; at < agent.length; at += 160)
    sent.push(
      ...s.audio('agent', agent.subarray(at, at + 160), at / 8),
      ...s.audio('customer', customer.subarray(at, at + 160), at / 8),
    );
  const shown = () => of(sent, 'voice').flatMap((v) => v.cues.map((c) => [c.id, c.kind, c.severity]));
  // the talk-over came 4 s after the silence cue: it waits for the interval
  assert.deepEqual(shown(), [['cue-1', 'long-silence', 'low']]);
  // the silence cue went out once 3 s of dead air had passed (4 s + 3 s); the next may follow 8 s after it
  const due = s.nextCueAt();
  assert.ok(due !== null && due >= 15_000 && due < 15_100, `due ${due}`);
  sent.push(...s.tick(due));
  assert.deepEqual(shown(), [
    ['cue-1', 'long-silence', 'low'],
    ['cue-2', 'stop-talking-over', 'medium'],
  ]);
  assert.equal(s.nextCueAt(), null);
  sent.push(...say(s, 'customer', 'hello?', due + 1000));
  const closed = s.close();
  sent.push(...closed.events);
  // the agent spoke once after the silence cue and never again after the talk-over one
  assert.deepEqual(
    of(sent, 'cue-withdrawn').map((w) => [w.id, w.outcome, w.why]),
    [['cue-1', 'accepted', "not again in the agent's 1 utterance(s) after the cue before the call ended"]],
  );
  const voice = closed.summary?.voice;
  assert.deepEqual(
    voice?.cues.map((c) => [c.id, c.kind, c.outcome, c.outcomeEvidence?.length]),
    [
      ['cue-1', 'long-silence', 'accepted', 1],
      ['cue-2', 'stop-talking-over', null, 0],
    ],
  );
  assert.deepEqual(
    { seconds: voice?.seconds, events: voice?.events, adoption: voice?.adoption, dropped: voice?.dropped },
    {
      seconds: { agent: 12, customer: 12 },
      events: of(sent, 'voice').flatMap((v) => v.events),
      adoption: { accepted: 1, ignored: 0, dismissed: 0, rate: 1 },
      dropped: { events: 0, cues: 0 },
    },
  );
});

test('a session without audio stores no voice findings', () => {
  const s = open();
  say(s, 'customer', 'hello?', 0);
  assert.equal(s.close().summary?.voice, undefined);
});
