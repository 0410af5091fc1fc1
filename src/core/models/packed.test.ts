import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPackedRows, packColumns, PACKED_CHUNK } from './packed.ts';

test('packed sums equal plain int8 sums, extremes and long texts included', () => {
  const columns = 7, count = 5, buckets = 4;
  const weights = Int8Array.from({ length: buckets * columns }, (_, i) => [127, -128, 0, 5, -7, 99, -1][i % 7]! * (i % 2 ? 1 : -1) || -128);
  const packed = packColumns(weights, columns, count, buckets);
  assert.equal(packed.width, 2);
  for (const n of [0, 1, 3, PACKED_CHUNK, PACKED_CHUNK * 2 + 17]) {
    const index = Int32Array.from({ length: n }, (_, i) => (i * 3) % buckets);
    const expected = new Int32Array(count);
    for (const b of index) for (let c = 0; c < count; c++) expected[c]! += weights[b * columns + c]!;
    const sums = new Int32Array(count);
    addPackedRows(packed, index, n, sums, count, new Float64Array(packed.width));
    assert.deepEqual(sums, expected);
  }
});
