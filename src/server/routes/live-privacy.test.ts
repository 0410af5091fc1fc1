import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import WebSocket from 'ws';
import { analyzeConversation } from '../../core/analyze.ts';
import { createEngine, type Engine } from '../../core/engine.ts';
import type { ServerEvent } from '../../core/live/events.ts';
import { Conversation } from '../../core/schema/conversation.ts';
import { pseudonymizing } from '../../store/hash-key.ts';
import { harness, type Harness } from '../testing.ts';

// A journaled live session (PostgreSQL) keeps only what its stored conversation would, and erasure reaches it.

const url = process.env.ATTUNE_TEST_DATABASE_URL;
// skipped without PostgreSQL, except in CI, which must run them
const skip = !url && !process.env.CI ? 'set ATTUNE_TEST_DATABASE_URL=postgres://… to run it' : false;
function needsPostgres(): void {
  if (!url) throw new Error('ATTUNE_TEST_DATABASE_URL is not set; CI must run the live journal tests on PostgreSQL');
}

const META = {
  id: 'live-private',
  channel: 'chat',
  customer: { id: 'jane.doe@example.com', name: 'Jane Doe', phone: '07700 900123' },
  agent: { id: 'agent-a', team: 'tech', email: 'agent.a@corp.example' },
  metadata: { note: 'call back on 07700 900123', tier: 'gold' },
} as const;
const PERSONAL = /jane\.doe|Jane Doe|07700|900123|agent\.a@corp|jo\.bloggs/i;

let h: Harness;
let admin: pg.Client;
let base: string;
let redact: (c: Conversation) => Conversation;
if (url) {
  before(async () => {
    const built = createEngine();
    if (!built.ok) throw new Error(built.errors.join('; '));
    const engine: Engine = built.engine;
    h = await harness({
      postgres: url,
      journal: true,
      analyze: (c) => analyzeConversation(c, engine),
      // as `attune serve` does: the database's key pseudonymises identifiers one joins on
      redact: (c) => redact(c),
      live: { engine, graceMs: 5_000 },
    });
    redact = pseudonymizing(await h.store.hashKey());
    base = (await h.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  after(async () => {
    await admin?.end();
    await h?.close();
  });
}

/** A session's socket as the admin key: every event it receives, and a way to wait for one. */
async function socket() {
  const ws = new WebSocket(`${base}/v1/live`, { headers: h.as('admin') });
  const events: ServerEvent[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    events.push(JSON.parse(data.toString()) as ServerEvent);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const until = async (ok: (e: ServerEvent[]) => boolean) => {
    while (!ok(events)) await new Promise<void>((r) => waiters.push(r));
  };
  return { ws, events, until, send: (m: unknown) => ws.send(JSON.stringify(m)) };
}

async function openWith(conversation: Record<string, unknown>, text: string) {
  const s = await socket();
  s.send({ type: 'open', conversation });
  await s.until((e) => e.some((x) => x.type === 'opened'));
  const sessionId = (s.events.find((e) => e.type === 'opened') as { sessionId: string }).sessionId;
  s.send({ type: 'turn', seq: 1, role: 'customer', text });
  await s.until((e) => e.some((x) => x.type === 'ack'));
  return { ...s, sessionId };
}

async function journaled(sessionId: string): Promise<{ opening: string; steps: string } | null> {
  const { rows } = await admin.query<{ opening: string; steps: string }>(
    `select s.opening::text as opening, coalesce(string_agg(t.step::text, ' '), '') as steps
     from "${h.schema}".attune_live_sessions s left join "${h.schema}".attune_live_steps t on t.session_id = s.id
     where s.id = $1 group by s.id`,
    [sessionId],
  );
  return rows[0] ?? null;
}

/** The open message's metadata as the stored conversation holds it. */
function asStored(meta: Record<string, unknown>): Record<string, unknown> {
  const { turns: _turns, ...rest } = redact(Conversation.parse({ ...meta, turns: [] }));
  return rest;
}

test(
  'a journaled live session keeps only what its stored conversation would: metadata redacted and pseudonymised, turns redacted',
  {
    skip,
  },
  async () => {
    needsPostgres();
    const s = await openWith(META, 'my card was charged twice and my email is jo.bloggs@example.com');
    const row = (await journaled(s.sessionId))!;
    assert.doesNotMatch(row.opening + row.steps, PERSONAL);
    const opening = JSON.parse(row.opening) as { conversation: Record<string, unknown>; redacted: boolean };
    assert.deepEqual(opening.conversation, asStored(META));
    assert.equal(opening.redacted, true);

    s.send({ type: 'close' });
    await s.until((e) => e.some((x) => x.type === 'closed'));
    assert.equal((s.events.find((e) => e.type === 'closed') as { stored: boolean }).stored, true);
    const stored = await h.store.getConversation({ kind: 'all' }, META.id);
    const { turns, ...metaStored } = stored!.conversation!;
    // redacted once, under the same key: the pseudonyms the journal held are the stored ones
    assert.deepEqual(metaStored, asStored(META));
    assert.deepEqual(
      turns.map((t) => t.text),
      ['my card was charged twice and my email is [EMAIL]'],
    );
    assert.equal(await journaled(s.sessionId), null);
  },
);

test(
  'an opted-out live session journals its id and channel only, and empty turns',
  {
    skip,
  },
  async () => {
    needsPostgres();
    const s = await openWith({ ...META, id: 'live-opted-out', consent: { analysis: false } }, 'my name is Jane Doe');
    const row = (await journaled(s.sessionId))!;
    assert.deepEqual(JSON.parse(row.opening), {
      conversation: { id: 'live-opted-out', channel: 'chat', consent: { analysis: false } },
      earlier: [],
      redacted: true,
    });
    assert.doesNotMatch(row.steps, PERSONAL);
    s.ws.close();
  },
);

test(
  "erasing a customer ends their open live session unstored and deletes its journal; another customer's goes on",
  {
    skip,
  },
  async () => {
    needsPostgres();
    const jane = await openWith({ ...META, id: 'live-erased' }, 'I was charged twice');
    const other = await openWith({ ...META, id: 'live-other', customer: { id: 'cust-other' } }, 'I was charged twice');

    const erased = await fetch(`${base.replace('ws', 'http')}/v1/customers/jane.doe@example.com`, {
      method: 'DELETE',
      headers: h.as('admin'),
    });
    assert.equal(erased.status, 200);
    await jane.until((e) => e.some((x) => x.type === 'closed'));
    const closed = jane.events.find((e) => e.type === 'closed')!;
    assert.deepEqual(
      { ...closed, seq: 0 },
      { type: 'closed', seq: 0, id: 'live-erased', stored: false, summary: null },
    );
    assert.equal(await journaled(jane.sessionId), null);
    const steps = await admin.query(
      `select count(*)::int as n from "${h.schema}".attune_live_steps where session_id = $1`,
      [jane.sessionId],
    );
    assert.equal(steps.rows[0].n, 0);
    // the session is over: a turn is refused, nothing is stored
    jane.send({ type: 'turn', seq: 2, role: 'customer', text: 'hello?' });
    await jane.until((e) => e.some((x) => x.type === 'error'));
    assert.equal((jane.events.find((e) => e.type === 'error') as { code: string }).code, 'not_open');
    jane.ws.close();

    assert.notEqual(await journaled(other.sessionId), null);
    other.send({ type: 'close' });
    await other.until((e) => e.some((x) => x.type === 'closed'));
    assert.equal((other.events.find((e) => e.type === 'closed') as { stored: boolean }).stored, true);
    assert.equal(await h.store.getConversation({ kind: 'all' }, 'live-erased'), null);
    assert.notEqual(await h.store.getConversation({ kind: 'all' }, 'live-other'), null);
  },
);

test(
  'a live session for an erased customer is refused at open, and nothing of it is stored, until the erasure is lifted',
  {
    skip,
  },
  async () => {
    needsPostgres();
    const customer = { id: 'erased.later@example.com' };
    const first = await openWith({ ...META, id: 'live-erased-conversation', customer }, 'I was charged twice');
    first.send({ type: 'close' });
    await first.until((e) => e.some((x) => x.type === 'closed'));
    first.ws.close();
    const erased = await fetch(`${base.replace('ws', 'http')}/v1/customers/${customer.id}`, {
      method: 'DELETE',
      headers: h.as('admin'),
    });
    assert.equal(erased.status, 200);
    const s = await socket();
    s.send({ type: 'open', conversation: { ...META, id: 'live-after-erasure', customer } });
    await s.until((e) => e.some((x) => x.type === 'error'));
    const error = s.events.find((e) => e.type === 'error') as { code: string; message: string };
    assert.deepEqual(
      { code: error.code, message: error.message.replace(/at \S+;/, 'at <time>;') },
      {
        code: 'forbidden',
        message: 'its customer was erased on request at <time>; it is refused until an admin lifts the erasure',
      },
    );
    assert.equal(
      s.events.some((e) => e.type === 'opened'),
      false,
    );
    s.ws.close();
    assert.equal(await h.store.getConversation({ kind: 'all' }, 'live-after-erasure'), null);
    // the erased conversation's id under another customer opens, but the store refuses it at close, and says why
    const moved = await openWith(
      { ...META, id: 'live-erased-conversation', customer: { id: 'someone-else' } },
      'I was charged twice',
    );
    moved.send({ type: 'close' });
    await moved.until((e) => e.some((x) => x.type === 'closed'));
    const closed = moved.events.find((e) => e.type === 'closed') as { stored: boolean; reason?: string };
    assert.deepEqual(
      { stored: closed.stored, reason: closed.reason?.replace(/at \S+;/, 'at <time>;') },
      { stored: false, reason: 'it was erased on request at <time>; it is refused until an admin lifts the erasure' },
    );
    moved.ws.close();
    // its pseudonymised form is the same customer
    assert.notEqual(await h.store.erasedAt(customer.id), null);
    assert.equal(await h.store.liftErasure(customer.id), true);
    assert.equal(await h.store.erasedAt(customer.id), null);
    const again = await openWith({ ...META, id: 'live-after-lift', customer }, 'I was charged twice');
    again.send({ type: 'close' });
    await again.until((e) => e.some((x) => x.type === 'closed'));
    assert.equal((again.events.find((e) => e.type === 'closed') as { stored: boolean }).stored, true);
    again.ws.close();
  },
);
