import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoWeek, localTime } from './local-time.ts';
import { DEFAULT_SHIFTS } from './options.ts';

test('ISO weeks follow the Thursday rule at year ends', () => {
  assert.deepEqual(
    [isoWeek(2026, 1, 1), isoWeek(2025, 12, 29), isoWeek(2027, 1, 3), isoWeek(2020, 12, 31), isoWeek(2021, 1, 4)],
    ['2026-W01', '2026-W01', '2026-W53', '2020-W53', '2021-W01'],
  );
});

test('shifts use local wall-clock time across daylight saving and midnight', () => {
  const at = (iso: string) => localTime(new Date(iso), DEFAULT_SHIFTS);
  assert.deepEqual(at('2026-07-01T05:30:00Z'), { day: '2026-07-01', week: '2026-W27', shift: 'early' });
  assert.deepEqual(at('2026-01-01T05:30:00Z'), { day: '2026-01-01', week: '2026-W01', shift: 'night' });
  assert.deepEqual(at('2026-07-01T23:30:00Z'), { day: '2026-07-02', week: '2026-W27', shift: 'night' });
  assert.deepEqual(at('2026-01-01T13:59:59Z'), { day: '2026-01-01', week: '2026-W01', shift: 'early' });
  assert.deepEqual(at('2026-01-01T14:00:00Z'), { day: '2026-01-01', week: '2026-W01', shift: 'late' });
});

test('a time outside every shift has no shift', () => {
  const config = { timezone: 'UTC', shifts: [{ name: 'day', from: '09:00', to: '17:00' }] };
  assert.deepEqual(localTime(new Date('2026-01-01T20:00:00Z'), config), { day: '2026-01-01', week: '2026-W01', shift: null });
});
