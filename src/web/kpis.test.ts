import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MetricsRow } from '../api/index.ts';
import { totals } from './kpis.ts';

const row = (over: Partial<MetricsRow>): MetricsRow => ({
  group: 'g',
  count: 0,
  skipped: 0,
  empathy: null,
  compassion: null,
  overall: null,
  heardNotHelpedRate: null,
  sentimentShift: null,
  humanRequiredRate: null,
  missedMomentShare: null,
  repeatContactRate: null,
  vulnerableRate: null,
  handleTimeSeconds: null,
  empathyCount: 0,
  momentCount: 0,
  handleTimeConversations: 0,
  cueAdoption: { shown: 0, accepted: 0, ignored: 0, dismissed: 0, decided: 0, rate: null, byKind: [] },
  ...over,
});

test('pools each KPI over its own n: empathy over conversations with a moment, missed share over moments', () => {
  const kpis = totals([
    row({
      group: 'chat',
      count: 3,
      empathy: 80,
      empathyCount: 1,
      compassion: 60,
      missedMomentShare: 0.5,
      momentCount: 2,
      handleTimeSeconds: 100,
      handleTimeConversations: 1,
    }),
    row({
      group: 'voice',
      count: 1,
      empathy: 20,
      empathyCount: 1,
      compassion: 20,
      missedMomentShare: 1,
      momentCount: 1,
      handleTimeSeconds: null,
      handleTimeConversations: 0,
    }),
    row({ group: 'email', count: 0, skipped: 2 }),
  ]);
  const by = Object.fromEntries(kpis.map((k) => [k.key, { value: k.value, n: k.n }]));
  assert.deepEqual(by.empathy, { value: 50, n: 2 });
  assert.deepEqual(by.compassion, { value: 50, n: 4 });
  assert.deepEqual(by.missedMoments, { value: 2, n: 3 });
  assert.deepEqual(by.missedMomentShare, { value: 2 / 3, n: 3 });
  assert.deepEqual(by.handleTimeSeconds, { value: 100, n: 1 });
  assert.deepEqual(by.overall, { value: null, n: 0 });
});
