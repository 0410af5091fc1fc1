import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyRole } from '../api/index.ts';
import { conversation, harness, type Harness } from './testing.ts';

let h: Harness;
before(async () => {
  h = await harness();
  const seeded = await h.app.inject({
    method: 'POST',
    url: '/v1/conversations',
    headers: h.as('admin'),
    payload: [
      conversation('tech-1'),
      conversation('billing-1', { agent: { id: 'agent-b', team: 'billing' }, customer: { id: 'cust-b' } }),
    ],
  });
  assert.equal(seeded.statusCode, 200);
});
after(() => h.close());

interface Case {
  name: string;
  request: () => Promise<{ method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: object }>;
  expect: Record<KeyRole, number>;
}

const everyone = (status: number) => ({ admin: status, analyst: status, supervisor: status, agent: status });

const CASES: Case[] = [
  {
    name: 'ingest',
    request: async () => ({ method: 'POST', url: '/v1/conversations', payload: conversation('tech-2') }),
    expect: { admin: 200, analyst: 200, supervisor: 403, agent: 403 },
  },
  {
    name: 'read own-team conversation',
    request: async () => ({ method: 'GET', url: '/v1/conversations/tech-1' }),
    expect: everyone(200),
  },
  {
    name: 'read other-team conversation',
    request: async () => ({ method: 'GET', url: '/v1/conversations/billing-1' }),
    expect: { admin: 200, analyst: 200, supervisor: 404, agent: 404 },
  },
  {
    name: 'list conversations',
    request: async () => ({ method: 'GET', url: '/v1/conversations' }),
    expect: everyone(200),
  },
  {
    name: 'metrics',
    request: async () => ({ method: 'GET', url: '/v1/metrics?groupBy=agent' }),
    expect: everyone(200),
  },
  {
    name: 'templates',
    request: async () => ({ method: 'GET', url: '/v1/templates' }),
    expect: { admin: 200, analyst: 200, supervisor: 200, agent: 403 },
  },
  {
    name: 'moments',
    request: async () => ({ method: 'GET', url: '/v1/moments?outcome=met-specific' }),
    expect: everyone(200),
  },
  {
    name: 'review',
    request: async () => ({
      method: 'POST',
      url: '/v1/reviews',
      payload: { conversationId: 'tech-1', empathy: 4, responded: 'yes' },
    }),
    expect: { admin: 201, analyst: 201, supervisor: 201, agent: 403 },
  },
  {
    name: 'calibration',
    request: async () => ({ method: 'GET', url: '/v1/calibration' }),
    expect: { admin: 200, analyst: 200, supervisor: 200, agent: 403 },
  },
  {
    name: 'evaluate',
    request: async () => ({
      method: 'POST',
      url: '/v1/evaluate',
      payload: { conversation: conversation('eval'), candidate: { role: 'bot', text: 'I will help.' } },
    }),
    expect: everyone(200),
  },
  {
    name: 'erase customer',
    request: async () => ({ method: 'DELETE', url: '/v1/customers/nobody' }),
    expect: { admin: 200, analyst: 200, supervisor: 403, agent: 403 },
  },
  {
    name: 'lift an erasure',
    request: async () => {
      await h.store.eraseCustomer('lifted');
      return { method: 'DELETE', url: '/v1/customers/lifted/erasure' };
    },
    expect: { admin: 200, analyst: 403, supervisor: 403, agent: 403 },
  },
  {
    name: 'create key',
    request: async () => ({ method: 'POST', url: '/v1/keys', payload: { name: 'new', role: 'analyst' } }),
    expect: { admin: 201, analyst: 403, supervisor: 403, agent: 403 },
  },
  {
    name: 'list keys',
    request: async () => ({ method: 'GET', url: '/v1/keys' }),
    expect: { admin: 200, analyst: 403, supervisor: 403, agent: 403 },
  },
  {
    name: 'revoke key',
    request: async () => ({
      method: 'DELETE',
      url: `/v1/keys/${(await h.store.createKey({ name: 'doomed', role: 'analyst' })).key.id}`,
    }),
    expect: { admin: 204, analyst: 403, supervisor: 403, agent: 403 },
  },
  {
    name: 'audit log',
    request: async () => ({ method: 'GET', url: '/v1/audit' }),
    expect: { admin: 200, analyst: 403, supervisor: 403, agent: 403 },
  },
];

for (const c of CASES) {
  test(`${c.name}: each role gets what it may, refusals are JSON`, async () => {
    const got: Record<string, number> = {};
    for (const role of ['admin', 'analyst', 'supervisor', 'agent'] as const) {
      const response = await h.app.inject({ ...(await c.request()), headers: h.as(role) });
      got[role] = response.statusCode;
      if (response.statusCode === 403) {
        assert.deepEqual(response.json(), {
          error: { code: 'forbidden', message: `the ${role} role may not use this endpoint` },
        });
      }
    }
    assert.deepEqual(got, c.expect);
  });

  test(`${c.name}: no key, or an unknown key, is 401`, async () => {
    const request = await c.request();
    const none = await h.app.inject(request);
    const unknown = await h.app.inject({ ...request, headers: { 'x-api-key': 'not-a-key' } });
    assert.deepEqual(
      [none.statusCode, none.json().error.code, unknown.statusCode, unknown.json().error.code],
      [401, 'unauthorized', 401, 'unauthorized'],
    );
  });
}

test('supervisors and agents list only what their scope allows', async () => {
  const ids = async (role: KeyRole) =>
    (await h.app.inject({ method: 'GET', url: '/v1/conversations?limit=1000', headers: h.as(role) }))
      .json()
      .items.map((r: { id: string }) => r.id)
      .sort();
  assert.deepEqual(
    { admin: await ids('admin'), supervisor: await ids('supervisor'), agent: await ids('agent') },
    { admin: ['billing-1', 'tech-1', 'tech-2'], supervisor: ['tech-1', 'tech-2'], agent: ['tech-1', 'tech-2'] },
  );
});

test('a revoked key stops working at once', async () => {
  const { key, secret } = await h.store.createKey({ name: 'temp', role: 'analyst' });
  const headers = { authorization: `Bearer ${secret}` };
  assert.equal((await h.app.inject({ method: 'GET', url: '/v1/conversations', headers })).statusCode, 200);
  assert.equal(
    (await h.app.inject({ method: 'DELETE', url: `/v1/keys/${key.id}`, headers: h.as('admin') })).statusCode,
    204,
  );
  assert.equal((await h.app.inject({ method: 'GET', url: '/v1/conversations', headers })).statusCode, 401);
});

test('keys for supervisors need teams and keys for agents need an agent id', async () => {
  const supervisor = await h.app.inject({
    method: 'POST',
    url: '/v1/keys',
    headers: h.as('admin'),
    payload: { name: 's', role: 'supervisor' },
  });
  const agent = await h.app.inject({
    method: 'POST',
    url: '/v1/keys',
    headers: h.as('admin'),
    payload: { name: 'a', role: 'agent' },
  });
  assert.deepEqual(
    [supervisor.statusCode, supervisor.json().error.code, agent.statusCode],
    [400, 'invalid_request', 400],
  );
});

test("metrics and moments are limited to the key's scope too", async () => {
  const groups = async (role: KeyRole) =>
    (await h.app.inject({ method: 'GET', url: '/v1/metrics?groupBy=team', headers: h.as(role) }))
      .json()
      .rows.map((r: { group: string }) => r.group)
      .sort();
  const momentTeams = async (role: KeyRole) =>
    [
      ...new Set(
        (await h.app.inject({ method: 'GET', url: '/v1/moments?limit=1000', headers: h.as(role) }))
          .json()
          .items.map((m: { team: string }) => m.team),
      ),
    ].sort();
  assert.deepEqual(
    {
      admin: await groups('admin'),
      supervisor: await groups('supervisor'),
      agent: await groups('agent'),
      supervisorMoments: await momentTeams('supervisor'),
      adminMoments: await momentTeams('admin'),
    },
    {
      admin: ['billing', 'tech'],
      supervisor: ['tech'],
      agent: ['tech'],
      supervisorMoments: ['tech'],
      adminMoments: ['billing', 'tech'],
    },
  );
});

test('the key may also come in x-api-key', async () => {
  const response = await h.app.inject({ method: 'GET', url: '/v1/keys', headers: { 'x-api-key': h.keys.admin } });
  assert.equal(response.statusCode, 200);
});
