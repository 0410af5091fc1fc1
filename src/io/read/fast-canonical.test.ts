import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Conversation } from '../../core/schema/index.ts';
import { z } from 'zod';
import { fastCanonical, ISO_TIME } from './fast-canonical.ts';

const turn = { role: 'customer', text: 'hi' };
const clean: unknown[] = [
  { id: 'a', channel: 'chat', turns: [turn] },
  {
    id: 'a',
    channel: 'voice',
    startedAt: '2024-01-01T10:00:00+01:00',
    customer: { id: 'c' },
    agent: { id: 'x', team: 't' },
    queue: 'q',
    language: 'fr',
    consent: { analysis: false },
    metadata: { k: 1 },
    turns: [{ ...turn, at: '2024-01-01T10:00:00Z', start: 0, end: 1.5, metadata: { s: 'x' } }],
  },
  { id: 'a', channel: 'chat', consent: {}, turns: [] },
];
const unusual: unknown[] = [
  { id: 'a', channel: 'chat', extra: 1, turns: [turn] },
  { id: 'a', channel: 'chat', turns: [{ ...turn, extra: true }] },
  { id: 'a', channel: 'chat', customer: { id: 'c', name: 'x' }, turns: [turn] },
  { id: '', channel: 'chat', turns: [turn] },
  { id: 'a', channel: 'fax', turns: [turn] },
  { id: 'a', channel: 'chat', startedAt: '2024-13-45T10:00:00Z', turns: [turn] },
  { id: 'a', channel: 'chat', turns: [{ ...turn, start: -1 }] },
  { id: 'a', channel: 'chat', turns: [{ role: 'robot', text: 'x' }] },
  { id: 'a', channel: 'chat', turns: 'no' },
  [1, 2],
  null,
];

test('the fast path builds exactly what the schema builds, and declines everything unusual', () => {
  assert.deepEqual(
    clean.map(fastCanonical),
    clean.map((v) => Conversation.parse(v)),
  );
  assert.deepEqual(
    unusual.map(fastCanonical),
    unusual.map(() => undefined),
  );
});

test("the time pattern accepts exactly what the schema's datetime check accepts", () => {
  const schema = z.iso.datetime({ offset: true });
  const times = [
    '2024-01-01T10:00:00Z',
    '2024-01-01T10:00:00.123456Z',
    '2024-01-01T10:00:00+01:00',
    '2024-01-01T10:00:00-05:30',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:00Z',
    '2024-01-01T10:00:00',
    '2024-01-01 10:00:00Z',
    '2024-01-01T10:00:00+0100',
    '2024-01-01T10:00:00z',
    '2024-01-01',
    ' 2024-01-01T10:00:00Z',
    '2024-01-01T10:00:00Z\n',
    '',
  ];
  assert.deepEqual(
    times.map((t) => ISO_TIME.test(t)),
    times.map((t) => schema.safeParse(t).success),
  );
});
