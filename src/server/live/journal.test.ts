import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../core/engine.ts';
import type { ServerEvent } from '../../core/live/events.ts';
import { openSession } from '../../core/live/session.ts';
import type { ApiKey } from '../../api/index.ts';
import type { LiveJournal, LiveStep, LiveOpening } from '../../store/live-sessions.ts';
import type { AppContext } from '../context.ts';
import { LiveHub, type Opening } from './hub.ts';

const built = createEngine({ userConfig: { live: { cueIntervalMs: 3_000 } } });
if (!built.ok) throw new Error(built.errors.join('; '));
const engine = built.engine;
const key = { id: 'key-1' } as ApiKey;
const ctx = { store: { recentContacts: async () => new Map() } } as unknown as AppContext;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const TURNS = [
  { role: 'customer', text: 'my card was charged twice and my email is jo.bloggs@example.com' },
  { role: 'agent', text: 'Let me check.' },
  { role: 'customer', text: 'I need the money back before my rent is due on Friday, I cannot afford this.' },
  { role: 'agent', text: 'Please hold.' },
  { role: 'customer', text: 'This is the third time I have called, nobody ever calls me back.' },
  { role: 'agent', text: 'I am sorry you had to chase this three times; I will refund it today, before Friday.' },
] as const;
const turn = (i: number) => ({ type: 'turn' as const, seq: i + 1, ...TURNS[i]!, final: true });

/** The journal as PostgreSQL keeps it (JSON in, JSON out, fenced by epoch); `hold` keeps writes from committing until released. */
function memoryJournal() {
  const sessions = new Map<string, { owner: string; epoch: number; opening: LiveOpening; steps: LiveStep[] }>();
  let gate: Promise<void> = Promise.resolve();
  const journal: LiveJournal = {
    migrate: async () => {},
    create: async (id, owner, opening) =>
      void sessions.set(id, { owner, epoch: 1, opening: clone(opening), steps: [] }),
    append: async (id, epoch, from, steps) => {
      await gate;
      const s = sessions.get(id);
      if (!s) return 'gone';
      if (s.epoch !== epoch) return 'taken';
      s.steps.splice(from, steps.length, ...clone(steps));
      return 'stored';
    },
    claim: async (id, owner) => {
      const s = sessions.get(id);
      if (!s || s.owner !== owner) return null;
      s.epoch++;
      return { opening: clone(s.opening), steps: clone(s.steps), epoch: s.epoch };
    },
    holds: async (id, epoch) => sessions.get(id)?.epoch === epoch,
    touch: async (held) => held.filter((h) => !sessions.has(h.id)).map((h) => h.id),
    abandoned: async () => [],
    finish: async (id, epoch) => sessions.get(id)?.epoch === epoch && sessions.delete(id),
    close: async () => {},
  };
  return {
    journal,
    sessions,
    hold: () => {
      let release = () => {};
      gate = new Promise<void>((r) => (release = r));
      return release;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
const bare = (events: ServerEvent[]) => events.filter((e) => e.type !== 'opened').map(({ seq: _seq, ...rest }) => rest);

function hubOn(journal: LiveJournal | undefined, clock: { t: number }) {
  return new LiveHub(ctx, {
    engine: () => engine,
    graceMs: 60_000,
    keptEvents: 1024,
    now: () => clock.t,
    maxStoring: 256,
    openWaitMs: 10_000,
    ...(journal ? { journal } : {}),
  });
}

function open(hub: LiveHub, received: ServerEvent[]): string {
  const conversation = { id: 'c-1', channel: 'chat' as const, agent: { id: 'agent-a' }, customer: { id: 'cust-1' } };
  const opened = openSession(conversation, engine);
  assert.ok(opened.ok);
  const opening: Opening = { conversation, audio: undefined, earlier: [] };
  const id = hub.add(opened.session, key, (e) => received.push(...e), opening);
  hub.emit(id, [{ type: 'opened', sessionId: id, analysing: true, resumeWithinMs: 60_000, nextTurnSeq: 1 }]);
  return id;
}

test('a session its node lost resumes on another node from the journal: the events it never stored are void and come again, none lost or twice', async () => {
  const clock = { t: 1_000 };
  // the call that never moved, at the same times
  const reference: ServerEvent[] = [];
  const plain = hubOn(undefined, clock);
  const refId = open(plain, reference);
  for (let i = 0; i < TURNS.length; i++) {
    clock.t = 1_000 + i * 2_000;
    plain.turn(refId, turn(i));
  }

  clock.t = 1_000;
  const { journal, sessions, hold } = memoryJournal();
  const first = hubOn(journal, clock);
  const onFirst: ServerEvent[] = [];
  const id = open(first, onFirst);
  for (let i = 0; i < 4; i++) {
    clock.t = 1_000 + i * 2_000;
    first.turn(id, turn(i));
    await settle();
  }
  // the fifth turn is analysed and its events sent, but the node goes away before its step is stored
  const release = hold();
  clock.t = 1_000 + 4 * 2_000;
  first.turn(id, turn(4));
  await settle();
  assert.equal(onFirst.at(-1)!.type !== 'ack', true, 'the acknowledgement waits for the write');
  const stored = sessions
    .get(id)!
    .steps.flatMap((s) => s.events)
    .at(-1)!.seq;
  const lastEvent = onFirst.at(-1)!.seq;
  assert.ok(lastEvent > stored, 'the client holds events the journal does not');

  const second = hubOn(journal, clock);
  const onSecond: ServerEvent[] = [];
  release();
  const resumed = await second.resume(id, key, lastEvent, (e) => onSecond.push(...e));
  assert.deepEqual(resumed, { stored });
  // the first node's late write is refused (another node holds the session): it never acknowledges, and lets go
  await settle();
  assert.equal(first.session(id), null);
  assert.equal(onFirst.filter((e) => e.type === 'ack').length, 4);

  const kept = onFirst.filter((e) => e.seq <= stored);
  for (let i = second.session(id)!.nextTurnSeq - 1; i < TURNS.length; i++) {
    clock.t = 1_000 + i * 2_000;
    second.turn(id, turn(i));
    await settle();
  }
  assert.deepEqual(
    onSecond.filter((e) => e.seq <= lastEvent),
    [],
    'a void event’s number is never reused (a client skips numbers it has seen)',
  );
  const all = [...kept, ...onSecond];
  assert.deepEqual(bare(all), bare(reference), 'the same events as the call that never moved');
  const seqs = all.filter((e) => e.type !== 'opened').map((e) => e.seq);
  assert.deepEqual(
    seqs.filter((s, i) => i > 0 && s <= seqs[i - 1]!),
    [],
    'every event once, in order',
  );
  assert.ok(
    all.some((e) => e.type === 'cue'),
    'the call shows a cue (the comparison covers pacing)',
  );
  assert.doesNotMatch(JSON.stringify([...sessions.values()]), /jo\.bloggs/, 'the journal keeps redacted turns');
});

test('without a journal a resume on a node that never had the session is refused', async () => {
  const clock = { t: 0 };
  const hub = hubOn(undefined, clock);
  assert.equal(await hub.resume('nope', key, 0, () => {}), null);
});

test('a session erased from the journal while its node holds it ends unstored: the turn in flight is not acknowledged, the client is told', async () => {
  const clock = { t: 1_000 };
  const { journal, sessions } = memoryJournal();
  const hub = hubOn(journal, clock);
  const received: ServerEvent[] = [];
  const id = open(hub, received);
  hub.turn(id, turn(0));
  await settle();
  assert.equal(received.filter((e) => e.type === 'ack').length, 1);
  // the erasure, made on another node, deletes the journal row
  sessions.delete(id);
  const before = received.length;
  clock.t = 3_000;
  hub.turn(id, turn(1));
  await settle();
  assert.equal(hub.session(id), null);
  const after = received.slice(before);
  assert.deepEqual(
    after.filter((e) => e.type === 'ack' || e.type === 'closed').map(({ seq: _seq, ...e }) => e),
    [{ type: 'closed', id: 'c-1', stored: false, summary: null }],
  );
});
