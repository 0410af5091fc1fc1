import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobRetentionDays } from './worker.ts';

test('ATTUNE_JOB_RETENTION_DAYS: 30 by default, 0 keeps jobs, anything but whole days is refused', () => {
  assert.deepEqual(
    [undefined, '', ' 7 ', '0', '-1', '1.5', 'week', '123456'].map((v) =>
      jobRetentionDays(v === undefined ? {} : { ATTUNE_JOB_RETENTION_DAYS: v }),
    ),
    [30, 30, 7, 0, null, null, null, null],
  );
});
