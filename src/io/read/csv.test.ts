import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixtures, accepted, rejections } from './testing.ts';

test('CSV rows group into conversations, with quoted multi-line fields and opt-out', async () => {
  const csv = [
    'conversation_id,role,text,time,agent,team,channel,customer_id,opt_out',
    'c1,customer,"Hi, it broke ""again""",2024-03-05 14:01:10,a1,t1,chat,u1,',
    'c1,agent,"Sorry!',
    'Fixing it now.",2024-03-05 14:02:00,a1,t1,chat,u1,',
    'c2,customer,Stop analysing me,2024-03-05T15:00:00Z,a2,,phone,u2,yes',
  ].join('\r\n');
  const records = await readFixtures({ 'x.csv': csv });
  assert.deepEqual(accepted(records), [
    {
      id: 'c1',
      channel: 'chat',
      startedAt: '2024-03-05T14:01:10.000Z',
      customer: { id: 'u1' },
      agent: { id: 'a1', team: 't1' },
      language: 'en',
      consent: { analysis: true },
      turns: [
        { role: 'customer', text: 'Hi, it broke "again"', at: '2024-03-05T14:01:10.000Z' },
        { role: 'agent', text: 'Sorry!\nFixing it now.', at: '2024-03-05T14:02:00.000Z' },
      ],
    },
    {
      id: 'c2',
      channel: 'voice',
      startedAt: '2024-03-05T15:00:00.000Z',
      customer: { id: 'u2' },
      agent: { id: 'a2' },
      language: 'en',
      consent: { analysis: false },
      turns: [{ role: 'customer', text: 'Stop analysing me', at: '2024-03-05T15:00:00.000Z' }],
    },
  ]);
  assert.deepEqual(
    records.map((r) => r.source.line),
    [2, 5],
  );
});

test('--map names other columns, --roles maps speaker names; unknown roles are rejected with the line', async () => {
  const csv = 'ticket,who,message\nt1,Sarah,Hello\nt1,John,Hi\nt2,Zed,???\n';
  const records = await readFixtures(
    { 'x.csv': csv },
    {
      columnMap: { conversation: 'ticket', role: 'who', text: 'message' },
      roleNames: { sarah: 'agent', john: 'customer' },
    },
  );
  assert.deepEqual(
    accepted(records).map((c) => c.turns.map((t) => t.role)),
    [['agent', 'customer']],
  );
  assert.deepEqual(rejections(records), [
    '4: turns.0.role: line 4: unknown speaker "Zed" (map it with --roles "Zed=agent" or "Zed=customer")',
  ]);
  assert.equal((records[1] as { raw: string }).raw, 't2,Zed,???\n');
});

test('missing text column, non-consecutive rows, bad time, empty file', async () => {
  assert.deepEqual(rejections(await readFixtures({ 'a.csv': 'id,role,foo\n1,agent,x\n' })), [
    '1: header: no text column (name it, or use --map text=COLUMN)',
  ]);
  const split = await readFixtures({ 'b.csv': 'id,role,text\n1,agent,a\n2,agent,b\n1,customer,c\n' });
  assert.deepEqual(rejections(split), [
    '4: conversation: conversation "1" appears again after other conversations (rows of a conversation must be consecutive)',
  ]);
  assert.deepEqual(rejections(await readFixtures({ 'c.csv': 'id,role,text,time\n1,agent,a,yesterday-ish\n' })), [
    '2: turns.0.at: line 2: not a recognisable time "yesterday-ish"',
  ]);
  assert.deepEqual(await readFixtures({ 'd.csv': '' }), []);
});

test('an unclosed quote is a rejection, not a crash, and rows before it survive', async () => {
  const records = await readFixtures({ 'x.csv': 'id,role,text\n1,agent,fine\n2,customer,"never closed\n' });
  assert.deepEqual(
    accepted(records).map((c) => c.id),
    ['1'],
  );
  assert.equal(records.length, 2);
  assert.match(rejections(records)[0]!, /CSV syntax error/);
});

test('a turn over the limit and too many rows are rejected with the reason', async () => {
  const long = await readFixtures(
    { 'x.csv': `id,role,text\n1,agent,${'y'.repeat(50)}\n` },
    { limits: { maxTurnChars: 10 } },
  );
  assert.deepEqual(rejections(long), ['2: turns.0.text: turn is 50 characters, over the limit of 10']);
  const many = await readFixtures({ 'x.csv': `id,role,text\n${'1,agent,a\n'.repeat(7)}` }, { limits: { maxTurns: 5 } });
  assert.deepEqual(rejections(many), ['2: turns: conversation has 7 turns, over the limit of 5']);
});
