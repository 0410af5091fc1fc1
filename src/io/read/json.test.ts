import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixtures, accepted, rejections } from './testing.ts';

const conv = (id: string, extra: object = {}) => ({
  id,
  channel: 'chat',
  turns: [{ role: 'customer', text: 'hi' }],
  ...extra,
});

test('JSONL: every non-blank line is a record; bad JSON and bad fields are rejected with line and path', async () => {
  const text = [
    JSON.stringify(conv('a')),
    '',
    '{"id":',
    JSON.stringify({ id: 'b', channel: 'fax', turns: [] }),
    JSON.stringify(conv('c', { opt_out: 'yes' })),
  ].join('\n');
  const records = await readFixtures({ 'x.jsonl': text });
  assert.deepEqual(
    accepted(records).map((c) => [c.id, c.consent.analysis]),
    [
      ['a', true],
      ['c', false],
    ],
  );
  assert.deepEqual(
    rejections(records).map((r) => r.replace(/\(.*\)/, '(…)')),
    [
      '3: : not valid JSON (…)',
      '4: channel: Invalid option: expected one of "voice"|"chat"|"email"|"messaging"|"social"|"ticket"',
    ],
  );
  assert.deepEqual(
    records.map((r) => r.source.index),
    [0, 1, 2, 3],
  );
});

test('a whole JSON document, pretty-printed, and an array streamed element by element', async () => {
  const records = await readFixtures({
    'one.json': JSON.stringify(conv('d1'), null, 2),
    'many.json': JSON.stringify([conv('e1'), conv('e2', { note: 'has "quotes" and } braces' })], null, 2),
  });
  assert.deepEqual(
    accepted(records).map((c) => [c.id, c.metadata]),
    [
      ['d1', undefined],
      ['e1', undefined],
      ['e2', { note: 'has "quotes" and } braces' }],
    ],
  );
  assert.deepEqual(
    records.map((r) => r.source.line),
    [1, 2, 12],
  );
});

test('limits: no turns, too many turns, a turn too long; out-of-order times are flagged', async () => {
  const records = await readFixtures(
    {
      'x.jsonl': [
        conv('none', { turns: [] }),
        conv('many', { turns: Array.from({ length: 4 }, () => ({ role: 'agent', text: 'x' })) }),
        conv('long', { turns: [{ role: 'agent', text: 'y'.repeat(11) }] }),
        conv('order', {
          turns: [
            { role: 'agent', text: 'a', at: '2024-01-01T10:00:00Z' },
            { role: 'customer', text: 'b', at: '2024-01-01T09:00:00Z' },
          ],
        }),
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    },
    { limits: { maxTurns: 3, maxTurnChars: 10 } },
  );
  assert.deepEqual(rejections(records), [
    '1: turns: no turns',
    '2: turns: conversation has 4 turns, over the limit of 3',
    '3: turns.0.text: turn is 11 characters, over the limit of 10',
  ]);
  assert.deepEqual(accepted(records)[0]!.metadata, {
    warnings: ['turn 1 time 2024-01-01T09:00:00Z is earlier than the turn before it; kept in the given order'],
  });
});

test('Amazon Transcribe / Contact Lens segments become turns with seconds and sentiment in metadata', async () => {
  const doc = {
    JobName: 'job-1',
    Channel: 'VOICE',
    LanguageCode: 'en-GB',
    Participants: [
      { ParticipantId: 'A', ParticipantRole: 'AGENT' },
      { ParticipantId: 'C', ParticipantRole: 'CUSTOMER' },
    ],
    Transcript: [
      {
        Id: 's1',
        ParticipantId: 'A',
        Content: 'Hello',
        BeginOffsetMillis: 0,
        EndOffsetMillis: 1500,
        Sentiment: 'NEUTRAL',
      },
      {
        Id: 's2',
        ParticipantRole: 'CUSTOMER',
        Content: 'It broke',
        BeginOffsetMillis: 1600,
        EndOffsetMillis: 3000,
        Sentiment: 'NEGATIVE',
      },
    ],
  };
  const records = await readFixtures({ 'call.json': JSON.stringify(doc) });
  assert.deepEqual(accepted(records), [
    {
      id: 'job-1',
      channel: 'voice',
      language: 'en-GB',
      consent: { analysis: true },
      metadata: { source: 'amazon-transcribe' },
      turns: [
        { role: 'agent', text: 'Hello', start: 0, end: 1.5, metadata: { Id: 's1', Sentiment: 'NEUTRAL' } },
        { role: 'customer', text: 'It broke', start: 1.6, end: 3, metadata: { Id: 's2', Sentiment: 'NEGATIVE' } },
      ],
    },
  ]);
  const bad = await readFixtures({
    'bad.json': JSON.stringify({ Transcript: [{ ParticipantRole: 'ROBOT', Content: 'x' }] }),
  });
  assert.deepEqual(rejections(bad), ['1: Transcript.0.ParticipantRole: unknown participant role "ROBOT"']);
});

test('Zendesk: requester is the customer, internal notes stay out of the turns', async () => {
  const doc = {
    ticket: {
      id: 7,
      requester_id: 1,
      assignee_id: 2,
      group_id: 3,
      subject: 'Late',
      created_at: '2024-03-02T10:15:00Z',
      via: { channel: 'web' },
      tags: ['vip'],
    },
    comments: [
      { id: 10, author_id: 1, public: true, created_at: '2024-03-02T10:15:00Z', body: 'Where is it?' },
      { id: 11, author_id: 2, public: false, created_at: '2024-03-02T10:16:00Z', body: 'depot issue' },
      { id: 12, author_id: 2, public: true, created_at: '2024-03-02T10:20:00Z', plain_body: 'On its way tomorrow.' },
    ],
  };
  const records = await readFixtures({ 'z.json': JSON.stringify(doc) });
  assert.deepEqual(accepted(records), [
    {
      id: '7',
      channel: 'ticket',
      startedAt: '2024-03-02T10:15:00.000Z',
      customer: { id: '1' },
      agent: { id: '2', team: '3' },
      language: 'en',
      consent: { analysis: true },
      metadata: {
        source: 'zendesk',
        subject: 'Late',
        tags: ['vip'],
        internalNotes: [{ author: '2', at: '2024-03-02T10:16:00.000Z', text: 'depot issue' }],
      },
      turns: [
        {
          role: 'customer',
          text: 'Where is it?',
          at: '2024-03-02T10:15:00.000Z',
          metadata: { commentId: 10, author: '1' },
        },
        {
          role: 'agent',
          text: 'On its way tomorrow.',
          at: '2024-03-02T10:20:00.000Z',
          metadata: { commentId: 12, author: '2' },
        },
      ],
    },
  ]);
  const many = await readFixtures({
    'zs.json': JSON.stringify({
      tickets: [
        { id: 1, requester_id: 5, comments: [{ author_id: 5, body: 'a' }] },
        { id: 2, requester_id: 6 },
      ],
    }),
  });
  assert.deepEqual(
    accepted(many).map((c) => c.id),
    ['1'],
  );
  assert.deepEqual(rejections(many), [
    '1: comments: ticket has no comments array (export them with the ticket comments endpoint)',
  ]);
  assert.deepEqual(
    many.map((r) => r.source.index),
    [0, 1],
  );
});

test('a JSON array with scalars, strings holding brackets and commas, and a truncated tail: one record per element', async () => {
  const records = await readFixtures(
    { 'd.json': '[1, "a,]b", {"id":"x","channel":"chat","turns":[{"role":"agent","text":"]}"}]}, {"id":' },
    { inputFormat: 'json' },
  );
  assert.deepEqual(
    records.map((r) => (r.ok ? r.conversation.id : r.problems[0]!.reason.slice(0, 28))),
    ['Invalid input: expected obje', 'Invalid input: expected obje', 'x', 'not valid JSON (Unexpected e'],
  );
});
