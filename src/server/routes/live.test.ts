import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { analyzeConversation } from '../../core/analyze.ts';
import { createEngine, type Engine } from '../../core/engine.ts';
import { redactConversation } from '../../core/privacy/redact.ts';
import type { ServerEvent } from '../../core/live/events.ts';
import { LiveSession } from '../../live/client.ts';
import { toneBursts } from '../../core/prosody/testing.ts';
import { harness, type Harness } from '../testing.ts';

let h: Harness;
let url: string;
let engine: Engine;
before(async () => {
  const built = createEngine({ userConfig: { live: { cueIntervalMs: 0 } } });
  if (!built.ok) throw new Error(built.errors.join('; '));
  engine = built.engine;
  h = await harness({
    analyze: (c) => analyzeConversation(c, engine),
    redact: redactConversation,
    live: { engine, graceMs: 5_000 },
  });
  url = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => h.close());

const TURNS = [
  {
    role: 'customer',
    text: 'my email is jo.bloggs@example.com and I need this fixed before my flight tomorrow at 6am',
  },
  {
    role: 'agent',
    text: 'A dead phone the night before your 6am flight is the last thing you need. Let me reset the roaming now.',
  },
  { role: 'customer', text: 'thank you' },
] as const;

/** Every event a raw socket receives, and a way to wait for one. */
function rawSocket(headers: Record<string, string>) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/v1/live`, { headers });
  const events: ServerEvent[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    events.push(JSON.parse(data.toString()) as ServerEvent);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (ok: (e: ServerEvent[]) => boolean) => {
    while (!ok(events)) await new Promise<void>((r) => waiters.push(r));
  };
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    socket,
    events,
    until,
    opened,
    send: (m: unknown) => socket.send(typeof m === 'string' ? m : JSON.stringify(m)),
  };
}

test('a live session cues the agent, withdraws the cue once acted on, and on close stores what POST /v1/conversations would, with the outcomes', async () => {
  const live = await LiveSession.open({
    url,
    key: h.keys.agent,
    conversation: {
      id: 'live-stored',
      channel: 'chat',
      agent: { id: 'agent-a', team: 'tech' },
      customer: { id: 'cust-1' },
    },
  });
  const events: ServerEvent[] = [];
  live.onEvent((e) => events.push(e));
  for (const turn of TURNS) live.turn(turn);
  const closed = await live.close();
  const cue = events.find((e) => e.type === 'cue');
  assert.ok(cue && cue.type === 'cue');
  assert.equal(cue.cue.kind, 'acknowledge-deadline');
  assert.doesNotMatch(JSON.stringify(events), /jo\.bloggs/);
  assert.deepEqual(
    events.filter((e) => e.type === 'cue-withdrawn').map((e) => e.type === 'cue-withdrawn' && [e.id, e.outcome]),
    [[cue.cue.id, 'accepted']],
  );
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i + 2),
    'every event once, in order (1 was "opened")',
  );
  assert.equal(closed.stored, true);
  assert.deepEqual(closed.summary?.adoption, { accepted: 1, ignored: 0, dismissed: 0, rate: 1 });

  const stored = (
    await h.app.inject({ method: 'GET', url: '/v1/conversations/live-stored', headers: h.as('admin') })
  ).json();
  await h.app.inject({
    method: 'POST',
    url: '/v1/conversations',
    headers: h.as('admin'),
    payload: {
      id: 'posted',
      channel: 'chat',
      agent: { id: 'agent-a', team: 'tech' },
      customer: { id: 'cust-1' },
      turns: TURNS,
    },
  });
  const posted = (
    await h.app.inject({ method: 'GET', url: '/v1/conversations/posted', headers: h.as('admin') })
  ).json();
  const { live: outcomes, ...analysis } = stored.analysis;
  assert.deepEqual({ ...analysis, id: 'posted' }, posted.analysis);
  assert.deepEqual(outcomes, closed.summary);
  assert.deepEqual(
    stored.conversation.turns.map((t: { text: string }) => t.text),
    posted.conversation.turns.map((t: { text: string }) => t.text),
  );
});

test('keys and roles: none is refused, a supervisor is refused, an agent opens only as itself and the connection goes on', async () => {
  await assert.rejects(rawSocket({}).opened, /HTTP 401/);
  await assert.rejects(rawSocket(h.as('supervisor')).opened, /HTTP 403/);
  const c = rawSocket(h.as('agent'));
  await c.opened;
  c.send({ type: 'open', conversation: { id: 'someone-else', channel: 'chat', agent: { id: 'agent-b' } } });
  c.send({ type: 'open', conversation: { id: 'mine', channel: 'chat' } });
  await c.until((e) => e.some((x) => x.type === 'opened'));
  assert.deepEqual(
    c.events.map((e) => [e.type, e.type === 'error' ? e.code : '']),
    [
      ['error', 'forbidden'],
      ['opened', ''],
    ],
  );
  c.socket.close();
});

test('malformed messages get a typed error and the session goes on', async () => {
  const c = rawSocket(h.as('admin'));
  await c.opened;
  c.send('{not json');
  c.send({ type: 'turn', seq: 1, role: 'customer', text: 'hi' });
  c.send({ type: 'open', conversation: { id: 'bad-input', channel: 'chat' } });
  c.send({ type: 'turn', seq: 1, role: 'robot', text: 'hi' });
  c.send({ type: 'turn', seq: 1, role: 'customer', text: 'hello, what time do you open?' });
  await c.until((e) => e.some((x) => x.type === 'ack'));
  const said = c.events.filter((e) => e.type !== 'emotion' && e.type !== 'routing' && e.type !== 'moments');
  assert.deepEqual(
    said.map((e) => [e.type, e.type === 'error' ? e.code : '']),
    [
      ['error', 'malformed'],
      ['error', 'not_open'],
      ['opened', ''],
      ['error', 'invalid_message'],
      ['ack', ''],
    ],
  );
  const invalid = said[3]!;
  assert.match(invalid.type === 'error' ? invalid.message : '', /role/);
  c.socket.close();
});

test('an opted-out session is acknowledged, not analysed, and stores nothing', async () => {
  const live = await LiveSession.open({
    url,
    key: h.keys.admin,
    conversation: { id: 'live-opted-out', channel: 'chat', consent: { analysis: false } },
  });
  const types: string[] = [];
  live.onEvent((e) => types.push(e.type));
  for (const turn of TURNS) live.turn(turn);
  const closed = await live.close();
  assert.deepEqual(types, ['ack', 'ack', 'ack', 'closed']);
  assert.deepEqual([closed.stored, closed.summary], [false, null]);
  assert.equal(
    (await h.app.inject({ method: 'GET', url: '/v1/conversations/live-opted-out', headers: h.as('admin') })).statusCode,
    404,
  );
});

test('a lost connection resumes with the session id: no turn lost or applied twice, no event lost or delivered twice', async () => {
  const live = await LiveSession.open({
    url,
    key: h.keys.analyst,
    conversation: { id: 'live-resumed', channel: 'voice' },
    reconnect: { tries: 20, delayMs: 20 },
  });
  const seqs: number[] = [];
  live.onEvent((e) => seqs.push(e.seq));
  live.turn(TURNS[0]);
  live.drop();
  live.turn(TURNS[1]);
  live.turn(TURNS[2]);
  const closed = await live.close();
  assert.equal(closed.stored, true);
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => i + 2),
  );
  const stored = (
    await h.app.inject({ method: 'GET', url: '/v1/conversations/live-resumed', headers: h.as('admin') })
  ).json();
  assert.deepEqual(
    stored.conversation.turns.map((t: { role: string }) => t.role),
    ['customer', 'agent', 'customer'],
  );
});

test('another key cannot resume a session', async () => {
  const live = await LiveSession.open({
    url,
    key: h.keys.analyst,
    conversation: { id: 'live-owned', channel: 'chat' },
  });
  const c = rawSocket(h.as('admin'));
  await c.opened;
  c.send({ type: 'resume', sessionId: live.sessionId, lastEvent: 0 });
  await c.until((e) => e.length > 0);
  assert.deepEqual(
    c.events.map((e) => e.type === 'error' && e.code),
    ['unknown_session'],
  );
  c.socket.close();
  await live.close();
});

test('the live messages are documented at /docs', async () => {
  const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.ok(doc.paths['/v1/live']?.get);
  assert.deepEqual(Object.keys(doc.components.schemas).sort(), ['LiveClientMessage', 'LiveServerEvent']);
});

test('interim prosody: 20 ms frames of each channel in, interruptions, dead air and voice cues out, in seconds', async () => {
  const rate = 8000;
  const pcm = (x: Float32Array) => Int16Array.from(x, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767));
  const agent = pcm(
    toneBursts(rate, 12, 120, [
      [2, 4],
      [9, 11],
    ]),
  );
  const customer = pcm(
    toneBursts(rate, 12, 210, [
      [0.2, 2.5],
      [8.5, 10.5],
    ]),
  );
  const live = await LiveSession.open({
    url,
    key: h.keys.agent,
    conversation: { id: 'live-voice', channel: 'voice' },
    audio: { sampleRate: rate, channels: ['agent', 'customer'] },
  });
  const voice: Extract<ServerEvent, { type: 'voice' }>[] = [];
  live.onEvent((e) => {
    if (e.type === 'voice') voice.push(e);
  });
  for (let at = 0; at < agent.length; at += 160) {
    live.audio('agent', agent.subarray(at, at + 160));
    live.audio('customer', customer.subarray(at, at + 160));
  }
  live.turn({ role: 'customer', text: 'hello?' });
  await live.close();
  assert.deepEqual(
    voice.flatMap((v) => v.events.map((e) => [e.kind, e.by ?? null])),
    [
      ['interruption', 'agent'],
      ['dead-air', null],
      ['interruption', 'agent'],
    ],
  );
  assert.deepEqual(
    voice.flatMap((v) => v.cues.map((c) => [c.id, c.kind, c.severity])),
    [
      ['cue-1', 'long-silence', 'low'],
      ['cue-2', 'stop-talking-over', 'medium'],
    ],
  );
  const silence = voice.flatMap((v) => v.cues).find((c) => c.kind === 'long-silence')!;
  assert.ok(
    Math.abs(silence.evidence[0]!.start - 4) < 0.05 && silence.evidence[0]!.detector === 'prosody',
    JSON.stringify(silence),
  );
});

test('audio a session did not declare, or that is not 16-bit PCM in base64, gets a typed error and the session goes on', async () => {
  const c = rawSocket(h.as('admin'));
  await c.opened;
  c.send({
    type: 'open',
    conversation: { id: 'voice-errors', channel: 'voice' },
    audio: { sampleRate: 8000, channels: ['customer'] },
  });
  c.send({ type: 'audio', channel: 'agent', pcm: 'AAAAAA==' });
  c.send({ type: 'audio', channel: 'customer', pcm: 'AAA' });
  c.send({ type: 'audio', channel: 'customer', pcm: 'AA==' });
  c.send({ type: 'audio', channel: 'customer', pcm: 'AAAAAA==' });
  c.send({ type: 'turn', seq: 1, role: 'customer', text: 'hello, what time do you open?' });
  await c.until((e) => e.some((x) => x.type === 'ack'));
  const said = c.events.filter((e) => e.type === 'error' || e.type === 'ack' || e.type === 'opened');
  assert.deepEqual(
    said.map((e) => [e.type, e.type === 'error' ? e.message.split(':')[0] : '']),
    [
      ['opened', ''],
      ['error', 'channel "agent" was not declared at open (declared'],
      ['error', 'pcm'],
      ['error', 'pcm'],
      ['ack', ''],
    ],
  );
  c.send({
    type: 'open',
    conversation: { id: 'x', channel: 'chat' },
    audio: { sampleRate: 44100, channels: ['agent'] },
  });
  await c.until((e) => e.filter((x) => x.type === 'error').length === 4);
  c.socket.close();
  const plain = rawSocket(h.as('admin'));
  await plain.opened;
  plain.send({ type: 'open', conversation: { id: 'no-audio', channel: 'chat' } });
  plain.send({ type: 'audio', channel: 'customer', pcm: 'AAAAAA==' });
  await plain.until((e) => e.some((x) => x.type === 'error'));
  assert.match(JSON.stringify(plain.events.find((e) => e.type === 'error')), /declared no audio/);
  plain.socket.close();
});
