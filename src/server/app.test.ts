import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loggedUrl } from './app.ts';
import { HOME_CSP } from './web.ts';
import { conversation, harness, type Harness } from './testing.ts';

let h: Harness;
before(async () => {
  h = await harness({ now: () => new Date('2026-11-01T12:00:00.000Z') });
});
after(() => h.close());

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({
    method: 'POST',
    url: '/v1/conversations',
    headers: { ...h.as('analyst'), ...headers },
    payload: payload as object,
  });

test('a batch stores the good records and rejects the bad ones with index, field path and reason', async () => {
  const response = await post([
    conversation('ok-1'),
    { id: 'broken', channel: 'fax', turns: [] },
    conversation('ok-2'),
  ]);
  assert.equal(response.statusCode, 207);
  const body = response.json();
  assert.deepEqual(
    body.accepted.map((a: { id: string }) => a.id),
    ['ok-1', 'ok-2'],
  );
  assert.deepEqual(
    body.rejected.map((r: { index: number; problems: Array<{ path: string }> }) => [
      r.index,
      r.problems.map((p) => p.path),
    ]),
    [[1, ['channel']]],
  );
  assert.match(body.rejected[0].message, /^body line 1: channel: /);
  assert.equal(
    (await h.app.inject({ method: 'GET', url: '/v1/conversations/ok-2', headers: h.as('admin') })).statusCode,
    200,
  );
});

test('metadata nested 10,000 deep or a look-alike id fails only its own record; a NUL is replaced with a warning; the good ones are stored', async () => {
  const body =
    `[${JSON.stringify(conversation('good-1'))}, ${JSON.stringify(conversation('nul', { turns: [{ role: 'customer', text: 'a\u0000b' }] }))},` +
    ` {"id":"deep","channel":"chat","turns":[{"role":"customer","text":"hi"}],"metadata":${'{"next":'.repeat(10_000)}1${'}'.repeat(10_000)}},` +
    ` ${JSON.stringify(conversation('zw\u200bid'))}]`;
  const response = await post(body, { 'content-type': 'application/json' });
  assert.equal(response.statusCode, 207);
  const json = response.json();
  assert.deepEqual(
    json.accepted.map((a: { id: string }) => a.id),
    ['good-1', 'nul'],
  );
  assert.deepEqual(
    json.rejected.map((r: { index: number; problems: { path: string; reason: string }[] }) => [
      r.index,
      r.problems[0]!.path,
      r.problems[0]!.reason,
    ]),
    [
      [2, expectedDeepPath(), 'nested more than 32 levels deep'],
      [3, 'id', 'id holds an invisible character (U+200B), which makes look-alike ids'],
    ],
  );
  const stored = (await h.app.inject({ method: 'GET', url: '/v1/conversations/nul', headers: h.as('admin') })).json();
  assert.equal(stored.conversation.turns[0].text, 'a\ufffdb');
});

/** The path of the first value past the depth limit: metadata, then "next" 32 times. */
const expectedDeepPath = () => ['metadata', ...Array.from({ length: 32 }, () => 'next')].join('.');

test('the longest id accepted can be read and erased again, even written in multi-byte characters', async () => {
  const id = 'é'.repeat(128);
  // 128 two-byte characters: 768 bytes percent-encoded, past Fastify's default 100-character parameter
  assert.equal((await post(conversation(id, { customer: { id } }))).statusCode, 200);
  const read = await h.app.inject({
    method: 'GET',
    url: `/v1/conversations/${encodeURIComponent(id)}`,
    headers: h.as('admin'),
  });
  const erased = await h.app.inject({
    method: 'DELETE',
    url: `/v1/customers/${encodeURIComponent(id)}`,
    headers: h.as('admin'),
  });
  assert.deepEqual(
    [read.statusCode, read.json().row.id, erased.json()],
    [200, id, { conversations: 1, moments: 1, reviews: 0 }],
  );
});

test('JSONL bodies are read by the ingestion readers, with line numbers in rejections', async () => {
  const body = `${JSON.stringify(conversation('line-1'))}\n\nnot json\n`;
  const response = await post(body, { 'content-type': 'application/x-ndjson' });
  assert.equal(response.statusCode, 207);
  assert.deepEqual(
    response.json().rejected.map((r: { line: number; index: number }) => [r.index, r.line]),
    [[1, 3]],
  );
});

test('other bodies go through the same readers: CSV by content type, unknown content detected or rejected', async () => {
  const csv = 'conversation,role,text\ncsv-1,customer,Where is my parcel!\ncsv-1,agent,I will check now.\n';
  const fromCsv = await post(csv, { 'content-type': 'text/csv' });
  const odd = await post('<xml/>', { 'content-type': 'application/xml' });
  const empty = await post([]);
  assert.deepEqual(
    [
      fromCsv.statusCode,
      fromCsv.json().accepted.map((a: { id: string }) => a.id),
      odd.statusCode,
      odd.json().rejected[0].problems,
      odd.json().error.code,
      empty.statusCode,
      empty.json().error.code,
    ],
    [
      200,
      ['csv-1'],
      400,
      [{ path: '', reason: 'could not tell the format from the content (use ?format= or a Content-Type)' }],
      'invalid_request',
      400,
      'invalid_request',
    ],
  );
});

test('re-sending a conversation unchanged stores it once; a different one under its id is refused with 409', async () => {
  const first = await post(conversation('again', { metadata: { empathy: 10 } }));
  const retry = await post(conversation('again', { metadata: { empathy: 10 } }));
  const other = await post(conversation('again', { metadata: { empathy: 90 } }));
  const list = (
    await h.app.inject({ method: 'GET', url: '/v1/conversations?limit=1000', headers: h.as('admin') })
  ).json();
  const rows = list.items.filter((r: { id: string }) => r.id === 'again');
  assert.deepEqual(
    [first.statusCode, retry.statusCode, other.statusCode, rows.map((r: { empathy: number }) => r.empathy)],
    [200, 200, 409, [10]],
  );
  const reason =
    'a different conversation is already stored under id "again": send it under another id, or erase the stored one first';
  assert.deepEqual(other.json(), {
    error: { code: 'conflict', message: `nothing stored: body line 1: id: ${reason}` },
    accepted: [],
    rejected: [
      {
        index: 0,
        line: 1,
        id: 'again',
        code: 'conflict',
        problems: [{ path: 'id', reason }],
        message: `body line 1: id: ${reason}`,
      },
    ],
  });
});

test('personal data is redacted before analysis and storage', async () => {
  await post(conversation('pii'));
  const stored = (await h.app.inject({ method: 'GET', url: '/v1/conversations/pii', headers: h.as('admin') })).json();
  assert.equal(stored.conversation.turns[0].text, 'My order [number] is late again!');
  assert.equal(stored.analysis.moments[0].evidence[0].text, 'My order [number] is late again!');
});

test('reading a conversation or moments writes who, what and when to the audit log', async () => {
  await post(conversation('audited'));
  await h.app.inject({ method: 'GET', url: '/v1/conversations/audited', headers: h.as('supervisor') });
  await h.app.inject({
    method: 'GET',
    url: '/v1/moments?outcome=met-specific&agent=agent-a&limit=1',
    headers: h.as('agent'),
  });
  const keys = (await h.app.inject({ method: 'GET', url: '/v1/keys', headers: h.as('admin') })).json().items;
  const idOf = (name: string) => keys.find((k: { name: string }) => k.name === name).id;
  const audit = (await h.app.inject({ method: 'GET', url: '/v1/audit?limit=2', headers: h.as('admin') })).json();
  assert.deepEqual(
    audit.items.map((e: { keyId: string; action: string; at: string }) => [e.keyId, e.action, e.at]),
    [
      [idOf('agent'), 'read-moments', '2026-11-01T12:00:00.000Z'],
      [idOf('sup'), 'read-conversation', '2026-11-01T12:00:00.000Z'],
    ],
  );
  assert.equal(audit.items[1].target, 'audited');
});

test('moments are coaching material with the exact words', async () => {
  await post(
    conversation('missed-1', {
      turns: [
        { role: 'customer', text: 'Nobody called back!' },
        { role: 'agent', text: 'Policy says 5 days.' },
      ],
    }),
  );
  const page = (
    await h.app.inject({ method: 'GET', url: '/v1/moments?outcome=missed', headers: h.as('analyst') })
  ).json();
  const moment = page.items.find((m: { conversationId: string }) => m.conversationId === 'missed-1');
  assert.deepEqual(
    [moment.customerText, moment.agentText, moment.outcome],
    ['Nobody called back!', 'Policy says [number] days.', 'missed'],
  );
});

test('list filters and pagination', async () => {
  await post([
    conversation('f-1', { channel: 'email', metadata: { empathy: 20 } }),
    conversation('f-2', { channel: 'email', metadata: { empathy: 80 } }),
  ]);
  const high = (
    await h.app.inject({
      method: 'GET',
      url: '/v1/conversations?channel=email&scoreField=empathy&scoreMin=50',
      headers: h.as('admin'),
    })
  ).json();
  assert.deepEqual(
    high.items.map((r: { id: string }) => r.id),
    ['f-2'],
  );
  const first = (
    await h.app.inject({ method: 'GET', url: '/v1/conversations?channel=email&limit=1', headers: h.as('admin') })
  ).json();
  const second = (
    await h.app.inject({
      method: 'GET',
      url: `/v1/conversations?channel=email&limit=1&cursor=${first.nextCursor}`,
      headers: h.as('admin'),
    })
  ).json();
  assert.deepEqual([...first.items, ...second.items].map((r: { id: string }) => r.id).sort(), ['f-1', 'f-2']);
  const bad = await h.app.inject({ method: 'GET', url: '/v1/conversations?cursor=nonsense', headers: h.as('admin') });
  const badTier = await h.app.inject({ method: 'GET', url: '/v1/conversations?tier=7', headers: h.as('admin') });
  assert.deepEqual([bad.statusCode, bad.json().error.code, badTier.statusCode], [400, 'invalid_request', 400]);
});

test('metrics give the total without groupBy, and take dates as whole days', async () => {
  await post([
    conversation('m-1', { startedAt: '2019-10-05T09:00:00Z' }),
    conversation('m-2', { startedAt: '2019-10-06T23:30:00Z' }),
  ]);
  const get = async (query: string) =>
    (await h.app.inject({ method: 'GET', url: `/v1/metrics${query}`, headers: h.as('admin') })).json();
  const total = await get('?from=2019-10-05&to=2019-10-05');
  assert.deepEqual([total.groupBy, total.total.group, total.total.count, total.rows], [null, null, 1, []]);
  // 23:30 UTC on 6 October is already the 7th in London (BST)
  const byDay = await get('?groupBy=day&from=2019-10-05&to=2019-10-07');
  assert.deepEqual(
    [byDay.groupBy, byDay.total.count, byDay.rows.map((r: { group: string; count: number }) => [r.group, r.count])],
    [
      'day',
      2,
      [
        ['2019-10-05', 1],
        ['2019-10-07', 1],
      ],
    ],
  );
  const bad = await h.app.inject({ method: 'GET', url: '/v1/metrics?from=5 October', headers: h.as('admin') });
  assert.equal(bad.statusCode, 400);
});

test('metrics validate groupBy with a clear message', async () => {
  const response = await h.app.inject({ method: 'GET', url: '/v1/metrics?groupBy=planet', headers: h.as('admin') });
  assert.equal(response.statusCode, 400);
  assert.match(response.json().error.message, /^query\.groupBy: /);
});

test('evaluate scores a candidate reply without storing anything', async () => {
  const response = await h.app.inject({
    method: 'POST',
    url: '/v1/evaluate',
    headers: h.as('agent'),
    payload: {
      conversation: conversation('draft', { turns: [{ role: 'customer', text: 'I want a human!' }] }),
      candidate: { role: 'bot', text: 'So sorry, valued customer.' },
    },
  });
  const body = response.json();
  assert.deepEqual(
    {
      turn: body.turn,
      specificity: body.specificity,
      scriptedRisk: body.scriptedRisk,
      heardNotHelpedRisk: body.heardNotHelpedRisk,
      moments: body.moments.map((m: { outcome: string }) => m.outcome),
      routing: body.routing,
    },
    {
      turn: 1,
      specificity: 'generic',
      scriptedRisk: true,
      heardNotHelpedRisk: true,
      moments: ['met-generic'],
      routing: { decision: 'human-required', humanRequired: true, reasons: ['customer asked for a human'] },
    },
  );
  assert.equal(
    (await h.app.inject({ method: 'GET', url: '/v1/conversations/draft', headers: h.as('admin') })).statusCode,
    404,
  );
});

test('evaluate refuses work past its limits with 413 and the limit named, before analysing anything', async () => {
  const turns = Array.from({ length: 201 }, () => ({ role: 'customer' as const, text: 'still broken!' }));
  const many = await h.app.inject({
    method: 'POST',
    url: '/v1/evaluate',
    headers: h.as('agent'),
    payload: { conversation: conversation('big', { turns }), candidate: { role: 'bot', text: 'Sorry.' } },
  });
  const long = await h.app.inject({
    method: 'POST',
    url: '/v1/evaluate',
    headers: h.as('agent'),
    payload: { conversation: conversation('long'), candidate: { role: 'bot', text: 'x'.repeat(20_001) } },
  });
  assert.deepEqual(
    [many.statusCode, many.json().error],
    [
      413,
      {
        code: 'body_too_large',
        message: 'the conversation has 201 turns, over the evaluate limit of 200: send the recent turns',
      },
    ],
  );
  assert.deepEqual(
    [long.statusCode, long.json().error],
    [413, { code: 'body_too_large', message: 'the candidate is over the evaluate limit of 20000 characters' }],
  );
});

test('evaluate refuses an opted-out conversation', async () => {
  const response = await h.app.inject({
    method: 'POST',
    url: '/v1/evaluate',
    headers: h.as('analyst'),
    payload: {
      conversation: conversation('no', { consent: { analysis: false } }),
      candidate: { role: 'agent', text: 'Hi' },
    },
  });
  assert.deepEqual([response.statusCode, response.json().error.code], [422, 'opted_out']);
});

test('the audit of an erasure keeps a keyed hash of the customer, never the id; API replies are no-store and nosniff', async () => {
  await post(conversation('erase-me', { customer: { id: 'jane.doe@example.com' } }));
  const erased = await h.app.inject({
    method: 'DELETE',
    url: `/v1/customers/${encodeURIComponent('jane.doe@example.com')}`,
    headers: h.as('admin'),
  });
  assert.deepEqual(
    [erased.statusCode, erased.headers['cache-control'], erased.headers['x-content-type-options']],
    [200, 'no-store', 'nosniff'],
  );
  const audit = await h.store.listAudit({}, { limit: 1000 });
  const entry = audit.items.find((e) => e.action === 'erase-customer');
  assert.deepEqual(entry?.target, await h.store.customerToken('jane.doe@example.com'));
  assert.equal(JSON.stringify(audit).includes('jane.doe'), false);
  assert.equal(loggedUrl('/v1/customers/jane.doe%40example.com?x=1'), '/v1/customers/[customer]');
  const home = await h.app.inject({ method: 'GET', url: '/' });
  assert.equal(home.headers['content-security-policy'], HOME_CSP);
  const docs = await h.app.inject({ method: 'GET', url: '/docs' });
  assert.match(
    String(docs.headers['content-security-policy']),
    /default-src 'self'.*object-src 'none'; script-src 'self'/,
  );
});

test('erasing a customer removes their conversations', async () => {
  await post(conversation('erase-me-too', { customer: { id: 'cust-gone' } }));
  const erased = await h.app.inject({ method: 'DELETE', url: '/v1/customers/cust-gone', headers: h.as('admin') });
  assert.deepEqual(erased.json(), { conversations: 1, moments: 1, reviews: 0 });
  assert.equal(
    (await h.app.inject({ method: 'GET', url: '/v1/conversations/erase-me-too', headers: h.as('admin') })).statusCode,
    404,
  );
});

test('an erased customer sent again is refused with the reason until an admin lifts the erasure, which is audited', async () => {
  await post(conversation('tomb-1', { customer: { id: 'sam@example.com' } }));
  await h.app.inject({
    method: 'DELETE',
    url: `/v1/customers/${encodeURIComponent('sam@example.com')}`,
    headers: h.as('admin'),
  });
  const again = await post([conversation('tomb-1', { customer: { id: 'sam@example.com' } }), conversation('tomb-ok')]);
  assert.equal(again.statusCode, 207);
  const body = again.json();
  assert.deepEqual(
    body.accepted.map((a: { id: string }) => a.id),
    ['tomb-ok'],
  );
  assert.deepEqual(
    body.rejected.map((r: { index: number; problems: { path: string }[] }) => [r.index, r.problems[0]!.path]),
    [[0, 'customer.id']],
  );
  assert.match(
    body.rejected[0].message,
    /^body line 1: customer\.id: its customer was erased on request at .*; it is refused until an admin lifts the erasure$/,
  );
  assert.equal(
    (await h.app.inject({ method: 'GET', url: '/v1/conversations/tomb-1', headers: h.as('admin') })).statusCode,
    404,
  );
  const lift = (role: 'admin' | 'analyst') =>
    h.app.inject({
      method: 'DELETE',
      url: `/v1/customers/${encodeURIComponent('sam@example.com')}/erasure`,
      headers: h.as(role),
    });
  assert.equal((await lift('analyst')).statusCode, 403);
  const lifted = await lift('admin');
  assert.deepEqual([lifted.statusCode, lifted.json()], [200, { lifted: true }]);
  assert.deepEqual([(await lift('admin')).statusCode], [404]);
  const audit = (await h.store.listAudit({ action: 'lift-erasure' }, {})).items;
  assert.deepEqual(
    audit.map((e) => e.target),
    [await h.store.customerToken('sam@example.com')],
  );
  assert.equal((await post(conversation('tomb-1', { customer: { id: 'sam@example.com' } }))).statusCode, 200);
});

test('a reviewer rating the same conversation again replaces their review', async () => {
  await post(conversation('rerate'));
  const rate = (empathy: number) =>
    h.app.inject({
      method: 'POST',
      url: '/v1/reviews',
      headers: h.as('supervisor'),
      payload: { conversationId: 'rerate', empathy, responded: 'yes' },
    });
  const first = (await rate(2)).json();
  const second = (await rate(4)).json();
  assert.equal(second.id, first.id);
  assert.deepEqual(
    (await h.store.listReviews({ kind: 'all' }, { conversationId: 'rerate' })).map((r) => [r.reviewer, r.empathy]),
    [['sup', 4]],
  );
});

test('reviews feed the calibration report', async () => {
  await post(conversation('rev', { metadata: { empathy: 90 } }));
  await h.app.inject({
    method: 'POST',
    url: '/v1/reviews',
    headers: h.as('analyst'),
    payload: {
      conversationId: 'rev',
      empathy: 1,
      responded: 'no',
      customerFeeling: 'ignored',
      note: 'she gave jane.doe@example.com twice',
    },
  });
  const bad = await h.app.inject({
    method: 'POST',
    url: '/v1/reviews',
    headers: h.as('analyst'),
    payload: { conversationId: 'rev', empathy: 9, responded: 'no' },
  });
  const report = (await h.app.inject({ method: 'GET', url: '/v1/calibration', headers: h.as('admin') })).json();
  assert.equal(bad.json().error.code, 'invalid_request');
  assert.deepEqual(report.disagreements[0], {
    conversationId: 'rev',
    reviewer: 'analyst',
    reviewerEmpathy: 1,
    engineEmpathy: 90,
    engineBinned: 5,
    difference: 4,
    responded: 'no',
    customerFeeling: 'ignored',
    note: 'she gave [EMAIL] twice',
  });
});

test('errors are JSON with a stable code and no stack', async () => {
  const notFound = await h.app.inject({ method: 'GET', url: '/v1/nothing' });
  const badJson = await h.app.inject({
    method: 'POST',
    url: '/v1/conversations',
    headers: { ...h.as('admin'), 'content-type': 'application/json' },
    payload: '{"id":',
  });
  assert.deepEqual(
    [notFound.statusCode, notFound.json().error.code, badJson.statusCode, badJson.json().error.code],
    [404, 'not_found', 400, 'invalid_request'],
  );
  assert.doesNotMatch(badJson.body, /at .*\.ts:\d+/);
});

test('the docs, the OpenAPI document, the home page and the health check are public', async () => {
  const openapi = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.deepEqual(Object.keys(openapi.paths).sort(), [
    '/healthz',
    '/v1/audit',
    '/v1/calibration',
    '/v1/conversations',
    '/v1/conversations/{id}',
    '/v1/conversations/{id}/audio',
    '/v1/customers/{id}',
    '/v1/customers/{id}/erasure',
    '/v1/evaluate',
    '/v1/jobs/{id}',
    '/v1/keys',
    '/v1/keys/{id}',
    '/v1/live',
    '/v1/me',
    '/v1/metrics',
    '/v1/moments',
    '/v1/reviews',
    '/v1/settings',
    '/v1/templates',
  ]);
  const docs = await h.app.inject({ method: 'GET', url: '/docs' });
  const home = await h.app.inject({ method: 'GET', url: '/' });
  const health = await h.app.inject({ method: 'GET', url: '/healthz' });
  assert.deepEqual(
    [docs.statusCode, home.statusCode, home.headers['content-type'], health.json()],
    [200, 200, 'text/html; charset=utf-8', { status: 'ok' }],
  );
  assert.match(home.body, /href="\/docs"/);
});
