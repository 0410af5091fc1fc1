/** 32-bit FNV-1a over char codes, seeded so each feature family gets its own hash space. */

const FNV_PRIME = 0x01000193;
export const FNV_OFFSET = 0x811c9dc5;

/** Folds one char code into a running FNV-1a hash. */
export function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

/** Hash of a whole string, starting from `seed`. */
export function fnvString(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i));
  return h;
}

/** Combines two hashes into one (for bigrams); murmur-style finaliser keeps buckets spread. */
export function mixPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
