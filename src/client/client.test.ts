import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { conversation, harness, type Harness } from '../server/testing.ts';
import { AttuneApiError, createClient, ENDPOINTS, type AttuneClient } from './index.ts';
import { toneBursts } from '../core/prosody/testing.ts';
import { writeWav } from '../io/audio/wav.ts';

let h: Harness;
let client: AttuneClient;
let url: string;

before(async () => {
  h = await harness();
  url = await h.app.listen({ port: 0, host: '127.0.0.1' });
  client = createClient({ baseUrl: url, apiKey: h.keys.admin });
});
after(() => h.close());

/** `METHOD /path/{param}` of every operation the served OpenAPI document lists. */
async function documentedOperations(): Promise<string[]> {
  const document = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

test('every client call is an operation of the served OpenAPI document, and every operation has a client call', async () => {
  const documented = await documentedOperations();
  const called = Object.values(ENDPOINTS).map(({ method, path }) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  assert.deepEqual(
    called.filter((operation) => !documented.includes(operation)),
    [],
  );
  // the live WebSocket has its own client (attune/live's LiveSession), not an HTTP call
  assert.deepEqual(
    documented.filter((operation) => !called.includes(operation) && operation !== 'GET /v1/live'),
    [],
  );
});

test('over a real socket, each call returns exactly what the API replies', async () => {
  const headers = h.as('admin');
  const inject = async (method: 'GET' | 'POST' | 'DELETE', path: string, payload?: unknown) =>
    (
      await h.app.inject({
        method,
        url: path,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      })
    ).json();

  assert.deepEqual(await client.health(), { status: 'ok' });
  const ingested = await client.ingest([
    conversation('c-1'),
    conversation('c/2 é', { agent: { id: 'agent-b', team: 'billing' } }),
  ]);
  assert.deepEqual(
    ingested.accepted.map((a) => a.id),
    ['c-1', 'c/2 é'],
  );
  const csv =
    'conversation_id,role,text\nc-3,customer,Where is my parcel!\nc-3,agent,I understand; I will check now.\n';
  const fromCsv = await client.ingestText(csv, 'text/csv', { detail: 'full' });
  assert.deepEqual(
    fromCsv.accepted.map((a) => a.id),
    ['c-3'],
  );
  const wav = writeWav({ sampleRate: 8000, channels: [toneBursts(8000, 3, 200, [[0.2, 1.5]])] });
  const timed = conversation('c-call', {
    channel: 'voice',
    turns: [
      { role: 'customer', text: 'My order 12345 is late again!', start: 0.2, end: 1.5 },
      { role: 'agent', text: 'I will chase it now.', start: 1.7, end: 2.8 },
    ],
  });
  const recorded = await client.ingestCall({ transcript: JSON.stringify(timed), audio: wav });
  assert.deepEqual(
    [recorded.accepted.map((a) => a.id), recorded.audio],
    [['c-call'], { stored: false, sampleRate: 8000, channels: ['mixed'], seconds: 3 }],
  );
  await assert.rejects(
    client.getRecording('c-call'),
    (error: AttuneApiError) => error.status === 404 && error.code === 'not_found',
  );

  assert.deepEqual(
    await client.getConversation('c/2 é'),
    await inject('GET', `/v1/conversations/${encodeURIComponent('c/2 é')}`),
  );
  assert.deepEqual(
    await client.listConversations({ agent: 'agent-a', limit: 1 }),
    await inject('GET', '/v1/conversations?agent=agent-a&limit=1'),
  );
  assert.deepEqual(await client.metrics({ groupBy: 'team' }), await inject('GET', '/v1/metrics?groupBy=team'));
  assert.deepEqual(
    await client.moments({ outcome: 'met-specific' }),
    await inject('GET', '/v1/moments?outcome=met-specific'),
  );
  assert.deepEqual(
    await client.templates({ minConversations: 2 }),
    await inject('GET', '/v1/templates?minConversations=2'),
  );
  const candidate = {
    conversation: conversation('draft'),
    candidate: { role: 'bot' as const, text: 'I understand, I will fix it.' },
  };
  assert.deepEqual(await client.evaluate(candidate), await inject('POST', '/v1/evaluate', candidate));

  const review = await client.addReview({ conversationId: 'c-1', empathy: 4, responded: 'yes' });
  assert.deepEqual(review, { ...review, conversationId: 'c-1', empathy: 4, reviewer: 'admin' });
  assert.deepEqual(await client.calibration({ limit: 5 }), await inject('GET', '/v1/calibration?limit=5'));

  const created = await client.createKey({ name: 'robot', role: 'analyst' });
  assert.deepEqual(
    (await client.listKeys()).items.find((k) => k.id === created.key.id),
    created.key,
  );
  assert.equal(await client.revokeKey(created.key.id), undefined);
  assert.deepEqual(await client.audit({ action: 'revoke-key' }), await inject('GET', '/v1/audit?action=revoke-key'));
  const settings = await client.saveSettings({
    retentionDays: 30,
    disclosureText: 'We analyse this chat.',
    phraseOverlay: { scripted: ['your call matters'] },
  });
  assert.deepEqual(await client.settings(), settings);
  assert.deepEqual(await client.settings(), await inject('GET', '/v1/settings'));
  assert.deepEqual(await client.eraseCustomer('cust-c-1'), { conversations: 1, moments: 1, reviews: 1 });
  assert.deepEqual(await inject('DELETE', '/v1/customers/cust-c-1'), { conversations: 0, moments: 0, reviews: 0 });
  assert.deepEqual(await client.liftErasure('cust-c-1'), { lifted: true });
  assert.deepEqual(await inject('DELETE', '/v1/customers/cust-c-1/erasure'), {
    error: { code: 'not_found', message: 'no erasure of this customer is in force' },
  });
});

test("a reply outside 2xx throws the API's error code and message, with the status", async () => {
  await assert.rejects(
    client.getConversation('absent'),
    new AttuneApiError(404, 'not_found', 'no conversation "absent" that this key may read'),
  );
  const stranger = createClient({ baseUrl: url, apiKey: 'not-a-key' });
  await assert.rejects(
    stranger.listKeys(),
    (error: AttuneApiError) => error.status === 401 && error.code === 'unauthorized',
  );
  await assert.rejects(
    client.metrics({ groupBy: 'planet' as 'team' }),
    (error: AttuneApiError) => error.status === 400 && error.code === 'invalid_request',
  );
});
