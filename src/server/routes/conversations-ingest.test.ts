import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeConversation } from '../../core/analyze.ts';
import { redactConversation } from '../../core/privacy/index.ts';
import type { Conversation } from '../../core/schema/index.ts';
import { loadEngine } from '../../io/engine.ts';
import { conversation, harness, type Harness } from '../testing.ts';

const FORMATS = join(import.meta.dirname, '..', '..', '..', 'examples', 'formats');
const example = (name: string) => readFileSync(join(FORMATS, name));

let h: Harness;
/** Ids of the conversations the server redacted. */
const redacted: string[] = [];
before(async () => {
  const engine = await loadEngine({ noModel: true });
  h = await harness({
    analyze: (c, _engine, options) => analyzeConversation(c, engine, options),
    redact: (c: Conversation) => {
      redacted.push(c.id);
      return redactConversation(c);
    },
  });
});
after(() => h.close());

const post = (url: string, payload: string | Buffer, type: string) =>
  h.app.inject({ method: 'POST', url, headers: { ...h.as('analyst'), 'content-type': type }, payload });
const ids = (response: { json(): { accepted: { id: string }[] } }) => response.json().accepted.map((a) => a.id);

test('captions carry no conversation id: without ?id= they are refused, with it each is its own conversation; an e-mail is named by ?id=, else its Message-ID', async () => {
  const bodies = [
    ['call.srt', 'application/x-subrip'],
    ['call.vtt', 'text/vtt'],
    ['reply.eml', 'message/rfc822'],
  ] as const;
  const reason = 'this format carries no conversation id: name the conversation with ?id=';
  for (const [file, type] of bodies.slice(0, 2)) {
    const response = await post('/v1/conversations', example(file), type);
    assert.deepEqual(
      [
        response.statusCode,
        response.json().rejected.map((r: { code: string; problems: unknown }) => [r.code, r.problems]),
      ],
      [400, [['invalid', [{ path: 'id', reason }]]]],
      file,
    );
  }
  const mail = await post('/v1/conversations', example('reply.eml'), 'message/rfc822');
  assert.deepEqual([mail.statusCode, ids(mail)], [200, ['<cafe1@example.org>']]);
  const stored = await Promise.all(
    bodies.map(([file, type], i) => post(`/v1/conversations?id=call-${i}`, example(file), type)),
  );
  assert.deepEqual(
    stored.map((r) => [r.statusCode, ids(r)]),
    [
      [200, ['call-0']],
      [200, ['call-1']],
      [200, ['call-2']],
    ],
  );
  const read = await Promise.all(
    ['call-0', 'call-1', 'call-2'].map((id) =>
      h.app.inject({ method: 'GET', url: `/v1/conversations/${id}`, headers: h.as('admin') }),
    ),
  );
  assert.deepEqual(
    read.map((r) => r.json().row.channel),
    ['voice', 'voice', 'email'],
  );
});

test('Contact Lens and Zendesk JSON are read as application/json, by their shape or by ?format=', async () => {
  const lens = await post('/v1/conversations', example('contact-lens.json'), 'application/json');
  const lensForced = await post(
    '/v1/conversations?format=transcribe',
    example('contact-lens.json'),
    'application/json',
  );
  const zendesk = await post('/v1/conversations?format=zendesk', example('zendesk-ticket.json'), 'application/json');
  assert.deepEqual(
    [lens.statusCode, ids(lens), lensForced.statusCode, ids(lensForced), zendesk.statusCode, ids(zendesk)],
    [200, ['8f1c2c4e-5a7b-4a8e-9c51-3f0e2d9b6a11'], 200, ['8f1c2c4e-5a7b-4a8e-9c51-3f0e2d9b6a11'], 200, ['35436']],
  );
});

test('reader options come as query parameters, checked, and rejection hints name them', async () => {
  const transcript = '# id: t-roles\nSarah: Hello, how can I help?\nJohn: My parcel never came!\n';
  const unknown = await post('/v1/conversations', transcript, 'text/plain');
  const hint = 'unknown speaker "Sarah" (map it with ?roles=Sarah=agent or "Sarah=customer")';
  assert.deepEqual(unknown.json().rejected[0].problems[0], { path: 'turns.0.role', reason: `line 2: ${hint}` });
  const mapped = await post(
    '/v1/conversations?roles=Sarah=agent,John=customer&channel=voice',
    transcript,
    'text/plain',
  );
  assert.deepEqual([mapped.statusCode, ids(mapped)], [200, ['t-roles']]);
  const csv =
    'ticket,speaker,message,private\nk-1,customer,Where is my refund!,no\nk-1,agent,I will check now.,no\nk-2,customer,hello,yes\n';
  const fromCsv = await post(
    '/v1/conversations?map=conversation=ticket,role=speaker,text=message&optOutField=private',
    csv,
    'text/csv',
  );
  assert.deepEqual(
    [fromCsv.statusCode, fromCsv.json().accepted.map((a: { id: string; skipped: boolean }) => [a.id, a.skipped])],
    [
      200,
      [
        ['k-1', false],
        ['k-2', true],
      ],
    ],
  );
  const bad = await Promise.all(
    ['roles=Sarah=pilot', 'roles=Sarah', 'map=speaker=role', 'channel=fax'].map((q) =>
      post(`/v1/conversations?${q}`, transcript, 'text/plain'),
    ),
  );
  assert.deepEqual(
    bad.map((r) => [r.statusCode, r.json().error.message]),
    [
      [400, 'query.roles.sarah: Invalid option: expected one of "customer"|"agent"|"bot"|"system"'],
      [400, 'query.roles: expected NAME=ROLE pairs separated by commas'],
      [400, 'query.map: Unrecognized key: "speaker"'],
      [400, 'query.channel: Invalid option: expected one of "voice"|"chat"|"email"|"messaging"|"social"|"ticket"'],
    ],
  );
});

test('in one body a second record with an id already read is refused and the first kept; re-posting the body changes nothing', async () => {
  const body = [conversation('dup-1'), conversation('dup-2'), conversation('dup-1', { metadata: { empathy: 90 } })]
    .map((c) => JSON.stringify(c))
    .join('\n');
  const first = await post('/v1/conversations', body, 'application/x-ndjson');
  const reason = 'another conversation with id "dup-1" came earlier in this body (line 1); only the first is stored';
  assert.deepEqual(
    [first.statusCode, ids(first), first.json().rejected],
    [
      207,
      ['dup-1', 'dup-2'],
      [
        {
          index: 2,
          line: 3,
          id: 'dup-1',
          code: 'duplicate',
          problems: [{ path: 'id', reason }],
          message: `body line 3: id: ${reason}`,
        },
      ],
    ],
  );
  const again = await post('/v1/conversations', body, 'application/x-ndjson');
  assert.deepEqual(
    [again.statusCode, ids(again), again.json().rejected.map((r: { code: string }) => r.code)],
    [207, ['dup-1', 'dup-2'], ['duplicate']],
  );
  const stored = await h.app.inject({ method: 'GET', url: '/v1/conversations/dup-1', headers: h.as('admin') });
  assert.equal(stored.json().conversation.metadata, undefined);
});

test('a rejected record comes back exactly as it was sent: as text, or base64 where it is not UTF-8', async () => {
  const notJson = Buffer.from('\uFEFF{"id": "r-1", oops\r\n');
  const badBytes = Buffer.concat([
    Buffer.from('{"id":"r-2","channel":"fax","turns":[{"role":"customer","text":"caf'),
    Buffer.of(0xe9),
    Buffer.from('"}]}\r\n'),
  ]);
  const good = Buffer.from(`${JSON.stringify(conversation('r-3'))}\r\n`);
  const response = await post('/v1/conversations', Buffer.concat([notJson, badBytes, good]), 'application/x-ndjson');
  const rejected = response.json().rejected as { raw?: string; rawBase64?: string }[];
  assert.deepEqual(
    [response.statusCode, rejected.map((r) => [r.raw, r.rawBase64])],
    [
      207,
      [
        [notJson.toString('utf8'), undefined],
        [undefined, badBytes.toString('base64')],
      ],
    ],
  );
});

test('an opted-out conversation is stored as skipped without ever being redacted', async () => {
  const response = await post(
    '/v1/conversations',
    JSON.stringify([conversation('opt-in'), conversation('opt-out', { consent: { analysis: false } })]),
    'application/json',
  );
  assert.deepEqual(
    [response.statusCode, redacted.includes('opt-in'), redacted.includes('opt-out')],
    [200, true, false],
  );
});

test("a customer's repeat contact is linked before scoring, to a stored contact or one earlier in the same body", async () => {
  const contact = (id: string, day: string, text: string) =>
    conversation(id, {
      startedAt: `2026-10-0${day}T09:00:00Z`,
      customer: { id: 'cust-journey' },
      turns: [
        { role: 'customer', text },
        { role: 'agent', text: "I've logged a fault for you." },
      ],
    });
  await post(
    '/v1/conversations',
    JSON.stringify(contact('j-1', '1', 'My broadband keeps dropping every evening, the router lights go red.')),
    'application/json',
  );
  const body = [
    contact('j-2', '3', 'The broadband is dropping again tonight, router lights red again.'),
    contact('j-3', '4', 'Broadband dropping again, router lights still red!'),
  ];
  const response = await h.app.inject({
    method: 'POST',
    url: '/v1/conversations?detail=full',
    headers: { ...h.as('analyst'), 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  type Shown = {
    tier: number;
    tierReason: { topic: string };
    cues: { kind: string; evidence: { conversation?: string }[] }[];
  };
  const analyses: Shown[] = response.json().accepted.map((a: { analysis: Shown }) => a.analysis);
  assert.deepEqual(
    analyses.map((a) => [
      a.tier,
      a.tierReason.topic,
      a.cues.filter((c) => c.kind === 'repeat-contact').flatMap((c) => c.evidence.map((e) => e.conversation)),
    ]),
    [
      [2, 'repeat-contact', ['j-1']],
      [2, 'repeat-contact', ['j-2', 'j-1']],
    ],
  );
  const row = await h.app.inject({ method: 'GET', url: '/v1/conversations/j-3', headers: h.as('admin') });
  assert.equal(row.json().row.repeatContact, true);
});
