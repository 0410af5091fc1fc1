import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobReject, queues, retryAfterSeconds, withoutText } from './jobs-ingest.ts';
import type { IngestQueue } from './jobs-ingest.ts';
import { Conversation } from '../core/schema/index.ts';
import { conversation } from './testing.ts';

const queue = { syncMax: 100 } as IngestQueue;

test('bodies over the sync limit are queued in auto mode; queue and sync modes choose', () => {
  assert.deepEqual(
    [queues(queue, 100, 'auto'), queues(queue, 101, 'auto'), queues(queue, 1, 'queue'), queues(queue, 5000, 'sync')],
    [false, true, true, false],
  );
});

test('Retry-After is the time the workers need to make room at their recent rate, between 1 s and 5 min', () => {
  assert.deepEqual(
    [
      retryAfterSeconds(1000, 200, 1000, 50),
      retryAfterSeconds(1000, 1, 1000, 1000),
      retryAfterSeconds(10_000_000, 0, 1, 1),
      retryAfterSeconds(5, 5, 1, 0),
    ],
    [4, 1, 300, 30],
  );
});

test('an opted-out conversation is queued without its text, everything else kept', () => {
  const opted = Conversation.parse(conversation('x', { consent: { analysis: false } }));
  const stripped = withoutText(opted);
  assert.deepEqual(stripped, { ...opted, turns: opted.turns.map((t) => ({ ...t, text: '' })) });
});

test('a job keeps where and why a record was refused, never the record itself', () => {
  assert.deepEqual(
    jobReject({
      index: 3,
      line: 4,
      code: 'invalid',
      problems: [{ path: 'turns', reason: 'required' }],
      message: 'line 4: turns: required',
      raw: '{"secret": 1}',
    }),
    { index: 3, line: 4, code: 'invalid', message: 'line 4: turns: required' },
  );
});
