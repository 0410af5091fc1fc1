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

test('a client gone while its open waited (on the database here) leaves no session behind: nothing is stored when the server stops', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const saved: string[] = [];
  const slow = await harness({
    store: (store) => ({
      ...store,
      erasedAt: async (customerId) => {
        await gate;
        return store.erasedAt(customerId);
      },
      saveAnalysed: async (items) => {
        for (const item of items) saved.push('conversation' in item ? item.conversation.id : item.prepared.row.id);
        return store.saveAnalysed(items);
      },
    }),
  });
  try {
    const base = (await slow.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    const socket = new WebSocket(`${base}/v1/live`, { headers: { authorization: `Bearer ${slow.keys.analyst}` } });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(
      JSON.stringify({ type: 'open', conversation: { id: 'gone-1', channel: 'chat', customer: { id: 'cust-9' } } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.close();
    await new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await slow.close();
  }
  assert.deepEqual(saved, []);
});
