import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixtures, accepted, rejections } from './testing.ts';

test('speaker prefixes, continuation lines, headers, timestamps and --- separators', async () => {
  const text = [
    '# id: call-1',
    '# channel: voice',
    '# customer: u1',
    '# agent: sarah',
    '# time: 2024-03-01 09:00',
    '[00:00:05] Sarah: Hello, how can I help?',
    'Take your time.',
    '[00:00:09] John: My bill doubled.',
    '',
    '---',
    '',
    'Bot: Hi!',
    'Customer: Human please.',
  ].join('\n');
  const records = await readFixtures({ 'calls/t.txt': text }, { roleNames: { Sarah: 'agent', john: 'customer' } });
  assert.deepEqual(accepted(records), [
    {
      id: 'call-1',
      channel: 'voice',
      startedAt: '2024-03-01T09:00:00.000Z',
      customer: { id: 'u1' },
      agent: { id: 'sarah' },
      language: 'en',
      consent: { analysis: true },
      turns: [
        { role: 'agent', text: 'Hello, how can I help?\nTake your time.', start: 5, metadata: { speaker: 'Sarah' } },
        { role: 'customer', text: 'My bill doubled.', start: 9, metadata: { speaker: 'John' } },
      ],
    },
    {
      id: 't#2',
      channel: 'chat',
      language: 'en',
      consent: { analysis: true },
      turns: [
        { role: 'bot', text: 'Hi!', metadata: { speaker: 'Bot' } },
        { role: 'customer', text: 'Human please.', metadata: { speaker: 'Customer' } },
      ],
    },
  ]);
  assert.deepEqual(
    records.map((r) => r.source.line),
    [1, 12],
  );
});

test('unknown speakers, text before any speaker, empty blocks and opt-out', async () => {
  const records = await readFixtures({
    'x.txt': 'Agent: hi\nMartian: zzz\n---\n---\n# opt-out: yes\nCustomer: leave me out\n---\n# id: only-header\n',
  });
  assert.deepEqual(rejections(records), [
    '1: turns.1.role: line 2: unknown speaker "Martian" (map it with --roles "Martian=agent" or "Martian=customer")',
    '8: turns: no turns',
  ]);
  assert.deepEqual(
    accepted(records).map((c) => c.consent),
    [{ analysis: false }],
  );
  const orphan = await readFixtures({ 'y.txt': 'Agent: hi\n' }, { inputFormat: 'transcript' });
  assert.equal(orphan.length, 1);
  assert.deepEqual(
    rejections(await readFixtures({ 'z.txt': 'just some words\nAgent: hi' }, { inputFormat: 'transcript' })),
    ['1: turns.0: line 1: text before any "Speaker:" prefix'],
  );
});
