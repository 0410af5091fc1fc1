import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replaceJsonValues } from './json-section.ts';

const file = JSON.stringify(
  {
    version: '1.0.0',
    words: ['a "quoted" word', 'b\\c'],
    weights: { moment: { a: 1, b: 2 }, overall: { x: 1 }, sentiment: { s: -0.5 } },
    other: { keep: [1, 2, { deep: true }] },
  },
  null,
  2,
);

test('only the values asked for change; every other line stays byte for byte', () => {
  const out = replaceJsonValues(file, [
    { path: ['weights', 'moment'], value: { a: 0.5, b: 2, c: 3 } },
    { path: ['weights', 'overall', 'x'], value: 1.25 },
  ]);
  const expected = JSON.parse(file) as Record<string, Record<string, unknown>>;
  expected.weights!.moment = { a: 0.5, b: 2, c: 3 };
  expected.weights!.overall = { x: 1.25 };
  assert.equal(out, JSON.stringify(expected, null, 2));
  const before = file.split('\n'),
    after = out.split('\n');
  assert.deepEqual(
    after.filter((l) => !before.includes(l)),
    ['      "a": 0.5,', '      "b": 2,', '      "c": 3', '      "x": 1.25'],
  );
});

test('a missing top-level key is added at the end; a missing nested one is refused', () => {
  const out = replaceJsonValues(file, [{ path: ['fitted'], value: { data: 'fit half' } }]);
  assert.deepEqual(JSON.parse(out), { ...(JSON.parse(file) as object), fitted: { data: 'fit half' } });
  assert.equal(out, JSON.stringify({ ...(JSON.parse(file) as object), fitted: { data: 'fit half' } }, null, 2));
  assert.throws(() => replaceJsonValues(file, [{ path: ['weights', 'nothing', 'here'], value: 1 }]), /no value at/);
});

test('text that is not JSON is refused, not half-written', () => {
  assert.throws(() => replaceJsonValues('{"a": [1, 2', [{ path: ['a'], value: 1 }]), /not JSON/);
  assert.throws(() => replaceJsonValues('{"a" 1}', [{ path: ['a'], value: 1 }]), /not JSON/);
});
