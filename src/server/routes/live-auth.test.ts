import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { ServerEvent } from '../../core/live/events.ts';
import { harness, type Harness } from '../testing.ts';

// A browser cannot set headers on a WebSocket: it offers the key as the `attune.key.<key>` subprotocol beside `attune.v1`.
let h: Harness;
let url: string;
const logged: string[] = [];
before(async () => {
  h = await harness({
    logStream: {
      write: (line) => {
        logged.push(line);
      },
    },
  });
  url = `${(await h.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/v1/live`;
});
after(() => h.close());

/** Connects offering `protocols`; resolves with the socket and the protocol the server chose, or rejects with the HTTP status. */
function connect(protocols: string[]): Promise<{ socket: WebSocket; protocol: string; first: Promise<ServerEvent[]> }> {
  const socket = new WebSocket(url, protocols);
  const events: ServerEvent[] = [];
  return new Promise((resolve, reject) => {
    const first = new Promise<ServerEvent[]>((got) =>
      socket.on('message', (data) => {
        events.push(JSON.parse(data.toString()) as ServerEvent);
        if (events.some((e) => e.type === 'opened' || e.type === 'error')) got(events);
      }),
    );
    socket.once('open', () => resolve({ socket, protocol: socket.protocol, first }));
    socket.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

test('a key offered as a subprotocol opens a live session, and the server answers with attune.v1 only', async () => {
  const { socket, protocol, first } = await connect(['attune.v1', `attune.key.${h.keys.analyst}`]);
  assert.equal(protocol, 'attune.v1');
  socket.send(JSON.stringify({ type: 'open', conversation: { id: 'via-subprotocol', channel: 'chat' } }));
  assert.deepEqual(
    (await first).map((e) => e.type),
    ['opened'],
  );
  socket.close();
});

test("the subprotocol key follows the header's rules: unknown 401, a supervisor 403, an agent only as itself", async () => {
  await assert.rejects(connect(['attune.v1', 'attune.key.atn_not_a_key']), /HTTP 401/);
  await assert.rejects(connect(['attune.v1', 'attune.key.']), /HTTP 401/);
  await assert.rejects(connect(['attune.v1']), /HTTP 401/);
  await assert.rejects(connect(['attune.v1', `attune.key.${h.keys.supervisor}`]), /HTTP 403/);
  const { socket, first } = await connect(['attune.v1', `attune.key.${h.keys.agent}`]);
  socket.send(
    JSON.stringify({ type: 'open', conversation: { id: 'not-mine', channel: 'chat', agent: { id: 'agent-b' } } }),
  );
  const [refused] = await first;
  assert.deepEqual(refused && refused.type === 'error' && refused.code, 'forbidden');
  socket.close();
});

test('a key revoked through the API opens no live session after, though it was just used (and cached)', async () => {
  const { key, secret } = await h.store.createKey({ name: 'soon-revoked', role: 'analyst' });
  const used = await connect(['attune.v1', `attune.key.${secret}`]);
  used.socket.close();
  const revoked = await h.app.inject({ method: 'DELETE', url: `/v1/keys/${key.id}`, headers: h.as('admin') });
  assert.equal(revoked.statusCode, 204);
  await assert.rejects(connect(['attune.v1', `attune.key.${secret}`]), /HTTP 401/);
});

test('a client offering the key without attune.v1 is not answered with the key: the handshake fails', async () => {
  await assert.rejects(connect([`attune.key.${h.keys.admin}`]), /subprotocol/i);
});

test('the subprotocol carries a key only on a WebSocket upgrade, never on a plain request', async () => {
  const response = await h.app.inject({
    method: 'GET',
    url: '/v1/me',
    headers: { 'sec-websocket-protocol': `attune.v1, attune.key.${h.keys.admin}` },
  });
  assert.equal(response.statusCode, 401);
});

test('no key offered as a subprotocol is ever logged, accepted or refused', () => {
  assert.ok(
    logged.some((line) => line.includes('/v1/live')),
    'the upgrade requests were logged',
  );
  for (const secret of [...Object.values(h.keys), 'atn_not_a_key'])
    assert.ok(!logged.some((line) => line.includes(secret)), 'a key is in the log');
  assert.ok(!logged.some((line) => line.includes('attune.key.')));
});
