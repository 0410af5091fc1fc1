import { fnvString } from '../models/hash.ts';

/**
 * Groups sentence keys that are near-verbatim copies of each other: word-pair shingles, MinHash
 * signatures and locality-sensitive bands propose candidates, and a pair joins a group when the
 * Jaccard similarity of its shingles reaches `threshold`. Candidates per band bucket are capped, so
 * the cost stays linear in the number of distinct sentences.
 */
const HASHES = 16;
const ROWS = 2;
const BUCKET_CAP = 64;

function shingles(key: string): Set<number> {
  const words = key.split(' ');
  const out = new Set<number>();
  for (let i = 0; i + 1 < words.length; i++) out.add(fnvString(0x811c9dc5, `${words[i]} ${words[i + 1]}`));
  return out;
}

function signature(set: Set<number>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of set) {
    for (let h = 0; h < HASHES; h++) {
      // a cheap family of hash functions: each shingle hash mixed with a seed per function
      const v = Math.imul(s ^ (0x9e3779b9 * (h + 1)), 0x85ebca6b) >>> 0;
      if (v < sig[h]!) sig[h] = v;
    }
  }
  return sig;
}

function jaccard(a: Set<number>, b: Set<number>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

/** For each key, the index of its group's representative (a union-find root). */
export function nearDuplicateGroups(keys: readonly string[], threshold: number): number[] {
  const parent = keys.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const sets = keys.map(shingles);
  const buckets = new Map<string, number[]>();
  keys.forEach((_, i) => {
    if (sets[i]!.size === 0) return;
    const sig = signature(sets[i]!);
    for (let band = 0; band < HASHES / ROWS; band++) {
      const id = `${band}:${sig.slice(band * ROWS, band * ROWS + ROWS).join(',')}`;
      const bucket = buckets.get(id);
      if (!bucket) {
        buckets.set(id, [i]);
        continue;
      }
      for (const j of bucket)
        if (root(i) !== root(j) && jaccard(sets[i]!, sets[j]!) >= threshold) parent[root(i)] = root(j);
      if (bucket.length < BUCKET_CAP) bucket.push(i);
    }
  });
  return keys.map((_, i) => root(i));
}
