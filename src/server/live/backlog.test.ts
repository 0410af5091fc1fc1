import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../core/engine.ts';
import type { ServerEvent } from '../../core/live/events.ts';
import { openSession } from '../../core/live/session.ts';
import type { ApiKey } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import type { Processed } from '../process.ts';
import { LiveHub } from './hub.ts';

const built = createEngine();
if (!built.ok) throw new Error(built.errors.join('; '));
const engine = built.engine;
const key = { id: 'key-1' } as ApiKey;

/** A context whose analyses finish only when the test lets them, one at a time, oldest first. */
function gatedContext() {
  const gates: Array<() => void> = [];
  const ctx = {
    processBatch: async () => {
      await new Promise<void>((resolve) => gates.push(resolve));
      return [{ ok: true, stored: {} } as unknown as Processed];
    },
    store: { saveAnalysed: async () => ({ refused: [] }) },
  } as unknown as AppContext;
  return { ctx, finishOne: () => gates.shift()!() };
}

/** Opens a session, sends it one customer turn, and closes it; its events go to `received`. */
function openAndClose(hub: LiveHub, i: number, received: ServerEvent[]): Promise<void> {
  const opened = openSession({ id: `c-${i}`, channel: 'chat' }, engine);
  assert.ok(opened.ok);
  const id = hub.add(opened.session, key, (e) => received.push(...e));
  hub.turn(id, { type: 'turn', seq: 1, role: 'customer', text: 'My card was charged twice.', final: true });
  return hub.close(id);
}

const hubOn = (ctx: AppContext, maxStoring: number, openWaitMs: number) =>
  new LiveHub(ctx, {
    engine: () => engine,
    graceMs: 60_000,
    keptEvents: 1024,
    now: () => Date.now(),
    maxStoring,
    openWaitMs,
  });

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('opens wait while too many closed sessions wait to be stored, and go on as they are stored; past the wait, none', async () => {
  const { ctx, finishOne } = gatedContext();
  const hub = hubOn(ctx, 2, 10_000);
  const received: ServerEvent[] = [];
  const closes = [0, 1, 2].map((i) => openAndClose(hub, i, received));
  await settle();
  let roomed: boolean | undefined;
  void hub.room().then((ok) => (roomed = ok));
  const seen: Array<[number, boolean | undefined]> = [];
  for (let i = 0; i < 2; i++) {
    await settle();
    seen.push([hub.storing, roomed]);
    finishOne();
    await settle();
    await settle();
  }
  seen.push([hub.storing, roomed]);
  finishOne();
  await Promise.all(closes);
  const stored = received.filter((e) => e.type === 'closed').map((e) => e.type === 'closed' && e.stored);
  assert.deepEqual(
    { seen, stored, after: hub.storing },
    {
      seen: [
        [3, undefined],
        [2, undefined],
        [1, true],
      ],
      stored: [true, true, true],
      after: 0,
    },
  );
});

test('an open that waited its time for room is refused; once the backlog is stored, opens go on at once', async () => {
  const { ctx, finishOne } = gatedContext();
  const hub = hubOn(ctx, 1, 20);
  const close = openAndClose(hub, 0, []);
  await settle();
  const waited = await hub.room();
  finishOne();
  await close;
  assert.deepEqual({ waited, now: await hub.room() }, { waited: false, now: true });
});
