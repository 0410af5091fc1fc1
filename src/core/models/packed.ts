/**
 * Three int8 weights packed into one double, so one addition sums three columns.
 * Each lane holds weight + 128 (0..255) in 17 bits; a lane can take 512 additions before it
 * could carry into the next (255 x 512 < 2^17), and three lanes stay under 2^53 (exact).
 */
const LANE = 2 ** 17;
const LANE2 = 2 ** 34;
/** Features summed between unpacking, so lanes never overflow. */
export const PACKED_CHUNK = 512;

export interface PackedWeights {
  /** Doubles per bucket row. */
  width: number;
  data: Float64Array;
}

/** Packs the first `count` columns of each row of row-major int8 weights. */
export function packColumns(weights: Int8Array, columns: number, count: number, buckets: number): PackedWeights {
  const width = Math.ceil(count / 3);
  const data = new Float64Array(buckets * width);
  for (let b = 0; b < buckets; b++) {
    const row = b * columns;
    for (let k = 0; k < width; k++) {
      const c = 3 * k;
      const low = weights[row + c]! + 128;
      const mid = c + 1 < count ? weights[row + c + 1]! + 128 : 128;
      const high = c + 2 < count ? weights[row + c + 2]! + 128 : 128;
      data[b * width + k] = low + mid * LANE + high * LANE2;
    }
  }
  return { width, data };
}

/** Adds the packed rows of `index[0..count)` into `sums` (first `columns` entries), exactly. */
export function addPackedRows(packed: PackedWeights, index: Int32Array, count: number, sums: Int32Array, columns: number, acc: Float64Array): void {
  const { width, data } = packed;
  for (let from = 0; from < count; from += PACKED_CHUNK) {
    const to = Math.min(count, from + PACKED_CHUNK);
    acc.fill(0, 0, width);
    for (let i = from; i < to; i++) {
      const row = index[i]! * width;
      for (let k = 0; k < width; k++) acc[k]! += data[row + k]!;
    }
    const offset = 128 * (to - from);
    for (let k = 0; k < width; k++) {
      const v = acc[k]!;
      const high = Math.floor(v / LANE2);
      const rest = v - high * LANE2;
      const mid = Math.floor(rest / LANE);
      const low = rest - mid * LANE;
      const c = 3 * k;
      sums[c]! += low - offset;
      if (c + 1 < columns) sums[c + 1]! += mid - offset;
      if (c + 2 < columns) sums[c + 2]! += high - offset;
    }
  }
}
