import { isLetter } from './chars.ts';

/** Longest leading word a phrase may have; a longer word in the text can start none. */
const MAX_WORD = 62;

/**
 * Phrases grouped by their leading run of letters ("my" for "my name is", "i" for "i'm", "d" for "d.o.b"), so a
 * word start is matched against only the phrases whose first word is exactly as long and begins with the same two
 * letters: one numeric map lookup, no string made. A phrase can only match where the text's run of letters at
 * that point is its own leading run, so nothing that could match is ever passed over, and each group keeps the
 * order the phrases were given in. Phrases are lower-case ASCII at their start.
 */
export class PhraseIndex<T> {
  private readonly groups = new Map<number, T[]>();
  /** Whether any phrase's first word has this first letter and length: most words are turned away here, before the map. */
  private readonly firstAndLength = new Uint8Array(128 * (MAX_WORD + 1));

  constructor(entries: readonly T[], words: (entry: T) => string) {
    for (const entry of entries) {
      const phrase = words(entry);
      let end = 0;
      while (end < phrase.length && isLetter(phrase.charCodeAt(end))) end++;
      const key = keyOf(phrase, 0, end);
      if (key === undefined)
        throw new Error(`phrase "${phrase}" cannot be indexed: its first word must be 1 to ${MAX_WORD} ASCII letters`);
      this.firstAndLength[phrase.charCodeAt(0) * (MAX_WORD + 1) + end] = 1;
      const group = this.groups.get(key);
      if (group) group.push(entry);
      else this.groups.set(key, [entry]);
    }
  }

  /** The phrases that may start at `start` of `lower`, whose run of letters ends at `end`; undefined when none. */
  at(lower: string, start: number, end: number): T[] | undefined {
    const first = lower.charCodeAt(start);
    const length = end - start;
    if (first > 127 || length > MAX_WORD || this.firstAndLength[first * (MAX_WORD + 1) + length] === 0)
      return undefined;
    const key = keyOf(lower, start, end);
    return key === undefined ? undefined : this.groups.get(key);
  }
}

/** The end of the run of letters starting at i (i itself when there is none). */
export function letterRunEnd(text: string, i: number): number {
  let end = i;
  while (end < text.length && isLetter(text.charCodeAt(end))) end++;
  return end;
}

function keyOf(text: string, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < 1 || length > MAX_WORD) return undefined;
  const first = text.charCodeAt(start);
  const second = length > 1 ? text.charCodeAt(start + 1) : 0;
  if (first > 127 || second > 127) return undefined;
  return (first * 128 + second) * 64 + length;
}
