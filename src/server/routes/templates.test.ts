import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { conversation, harness, type Harness } from '../testing.ts';

const MACRO = 'Please follow the steps on our help page to reset your password';
const FORMULA = 'We apologize for any inconvenience this may have caused you today';

let h: Harness;
before(async () => {
  h = await harness();
  const turns = (name: string) => [
    { role: 'customer' as const, text: `I can't log in, I'm ${name}` },
    { role: 'agent' as const, text: `Hi ${name}! ${FORMULA}. ${MACRO}: https://help.example.com/reset` },
  ];
  const payload = [
    ...['ana', 'ben', 'cy'].map((name) => conversation(`t-${name}`, { turns: turns(name) })),
    conversation('b-dee', { agent: { id: 'agent-b', team: 'billing' }, turns: turns('dee') }),
  ];
  const seeded = await h.app.inject({ method: 'POST', url: '/v1/conversations', headers: h.as('admin'), payload });
  assert.equal(seeded.statusCode, 200);
});
after(() => h.close());

test('GET /v1/templates lists the sentences many conversations share, stock empathy apart from macros, and audits the read', async () => {
  const response = await h.app.inject({ method: 'GET', url: '/v1/templates', headers: h.as('admin') });
  assert.equal(response.statusCode, 200);
  const examples = ['b-dee', 't-ana', 't-ben', 't-cy'].map((id) => ({ conversation: id, turn: 1 }));
  assert.deepEqual(response.json(), {
    conversationsRead: 4,
    templates: [
      { text: `${MACRO}: https://help.example.com/reset`, kind: 'macro', conversations: 4, agents: 2, examples },
      { text: `${FORMULA}.`, kind: 'stock-empathy', conversations: 4, agents: 2, examples },
    ],
  });
  const audit = await h.store.listAudit({}, { limit: 100 });
  assert.ok(audit.items.some((e) => e.action === 'read-templates' && e.target === '4 conversations'));
});

test("a supervisor sees only the templates of their teams, and the thresholds are the caller's", async () => {
  const own = await h.app.inject({ method: 'GET', url: '/v1/templates', headers: h.as('supervisor') });
  assert.equal(own.json().conversationsRead, 3);
  const strict = await h.app.inject({ method: 'GET', url: '/v1/templates?minConversations=5', headers: h.as('admin') });
  assert.deepEqual(strict.json(), { conversationsRead: 4, templates: [] });
  const bad = await h.app.inject({ method: 'GET', url: '/v1/templates?minConversations=1', headers: h.as('admin') });
  assert.equal(bad.statusCode, 400);
});
