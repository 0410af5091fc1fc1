import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { ServerEvent } from '../../core/live/events.ts';
import { harness, type Harness } from '../testing.ts';

// a server that may hold no closed session waiting to be stored: every open waits, then is refused as busy
let h: Harness;
let url: string;
before(async () => {
  h = await harness({ live: { maxStoring: 0, openWaitMs: 20 } });
  url = (await h.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
});
after(() => h.close());

test('an open the backlog of sessions to store keeps waiting past its time is refused as busy, and the connection stays', async () => {
  const socket = new WebSocket(`${url}/v1/live`, { headers: { authorization: `Bearer ${h.keys.analyst}` } });
  const events: ServerEvent[] = [];
  const two = new Promise<void>((resolve) =>
    socket.on('message', (data) => {
      events.push(JSON.parse(data.toString()) as ServerEvent);
      if (events.length === 2) resolve();
    }),
  );
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'open', conversation: { id: 'busy-1', channel: 'chat' } }));
  socket.send(JSON.stringify({ type: 'turn', seq: 1, role: 'customer', text: 'hello' }));
  await two;
  socket.close();
  assert.deepEqual(
    events.map((e) => e.type === 'error' && [e.code, e.message]),
    [
      ['busy', 'this server has 0 closed sessions still to store; open the session again in a few seconds'],
      ['not_open', 'open a session (or resume one) before sending turns'],
    ],
  );
});
