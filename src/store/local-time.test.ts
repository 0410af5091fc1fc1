import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoWeek, localTime, startOfLocalDay } from './local-time.ts';
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
  assert.deepEqual(localTime(new Date('2026-01-01T20:00:00Z'), config), {
    day: '2026-01-01',
    week: '2026-W01',
    shift: null,
  });
});

test('a local day starts at local midnight, across daylight saving changes', () => {
  assert.equal(startOfLocalDay('2026-03-02', 'Europe/London'), '2026-03-02T00:00:00.000Z');
  assert.equal(startOfLocalDay('2026-06-01', 'Europe/London'), '2026-05-31T23:00:00.000Z');
  // the clocks go forward at 01:00 on 29 March 2026: the next day starts an hour earlier in UTC
  assert.equal(startOfLocalDay('2026-03-29', 'Europe/London', 1), '2026-03-29T23:00:00.000Z');
  assert.equal(startOfLocalDay('2026-03-29', 'Europe/London'), '2026-03-29T00:00:00.000Z');
  assert.equal(startOfLocalDay('2026-12-31', 'America/New_York', 1), '2027-01-01T05:00:00.000Z');
  assert.equal(startOfLocalDay('2026-01-01', 'Asia/Kolkata'), '2025-12-31T18:30:00.000Z');
});
