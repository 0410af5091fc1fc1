import { FNV_OFFSET, fnvStep, fnvString, mixPair } from './hash.ts';
import { isApostrophe, isDigit, isLetter, isSpace } from '../text/chars.ts';

/** How text becomes hashed features; stored in every artefact so training and inference agree. */
export interface FeaturizerParams {
  /** log2 of the number of hash buckets. */
  log2Buckets: number;
  /** Character n-gram lengths taken inside each word (with < > boundary marks); charMax 0 for none. */
  charMin: number;
  charMax: number;
  /** Words that open a negation scope; any word ending in "n't" does too. */
  negators: string[];
  /** How many following words a negator marks (ASCII punctuation closes the scope earlier). */
  negationScope: number;
}

/**
 * Features of one text, in reusable buffers: bucket index and the token(s) each came from.
 * Every feature has value 1/sqrt(count). Tokens are words (letters and digits, with inner
 * apostrophes and hyphens) and single non-space characters, with their character spans.
 */
export interface Features {
  count: number;
  index: Int32Array;
  /** First and last token of the feature (equal except for bigrams). */
  tokenA: Int32Array;
  tokenB: Int32Array;
  tokenCount: number;
  tokenStart: Int32Array;
  tokenEnd: Int32Array;
}

const SEED_WORD = fnvStep(FNV_OFFSET, 1);
const SEED_NEG = fnvStep(FNV_OFFSET, 2);
const SEED_CHAR = fnvStep(FNV_OFFSET, 3);
const SEED_SHOUT = fnvStep(FNV_OFFSET, 4);
const SEED_PLAIN = fnvStep(FNV_OFFSET, 5);
const LT = 60;
const GT = 62;
const APOSTROPHE = 39;
/** Longest word kept whole, as in the tokenizer: longer runs are split so no token grows without bound. */
const MAX_WORD = 64;

/** Lower case for ASCII and Latin-1; apostrophes folded to ASCII. */
const fold = (c: number) => ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : isApostrophe(c) ? APOSTROPHE : c);

/** A featuriser bound to its parameters, reusing its buffers between calls (not re-entrant). */
export interface Featurizer {
  params: FeaturizerParams;
  buckets: number;
  featurize(text: string): Features;
}

export function createFeaturizer(params: FeaturizerParams): Featurizer {
  const buckets = 1 << params.log2Buckets;
  const mask = buckets - 1;
  const negators = new Set(params.negators.map((w) => fnvString(SEED_PLAIN, w)));
  const word = new Uint16Array(MAX_WORD);
  const out: Features = {
    count: 0, index: new Int32Array(512), tokenA: new Int32Array(512), tokenB: new Int32Array(512),
    tokenCount: 0, tokenStart: new Int32Array(128), tokenEnd: new Int32Array(128),
  };
  const grown = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
  const emit = (hash: number, a: number, b: number) => {
    if (out.count === out.index.length) {
      out.index = grown(out.index);
      out.tokenA = grown(out.tokenA);
      out.tokenB = grown(out.tokenB);
    }
    out.index[out.count] = hash & mask;
    out.tokenA[out.count] = a;
    out.tokenB[out.count] = b;
    out.count++;
  };
  const token = (start: number, end: number) => {
    if (out.tokenCount === out.tokenStart.length) {
      out.tokenStart = grown(out.tokenStart);
      out.tokenEnd = grown(out.tokenEnd);
    }
    out.tokenStart[out.tokenCount] = start;
    out.tokenEnd[out.tokenCount] = end;
    return out.tokenCount++;
  };
  const charGrams = (length: number, t: number) => {
    const last = length + 1;
    for (let s = 0; s <= last; s++) {
      let h = SEED_CHAR;
      for (let k = 0; k < params.charMax && s + k <= last; k++) {
        const p = s + k;
        h = fnvStep(h, p === 0 ? LT : p === last ? GT : word[p - 1]!);
        if (k + 1 >= params.charMin) emit(h, t, t);
      }
    }
  };

  return {
    params,
    buckets,
    featurize(text: string): Features {
      out.count = 0;
      out.tokenCount = 0;
      const n = text.length;
      let scope = 0;
      let previous = 0;
      let i = 0;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (isSpace(c)) { i++; continue; }
        if (isLetter(c) || isDigit(c)) {
          let j = i;
          let letters = 0;
          let lowercase = 0;
          let plain = SEED_PLAIN;
          while (j < n && j - i < MAX_WORD) {
            const d = text.charCodeAt(j);
            const inner = (isApostrophe(d) || d === 45) && j > i && j + 1 < n && (isLetter(text.charCodeAt(j + 1)) || isDigit(text.charCodeAt(j + 1)));
            if (!(isLetter(d) || isDigit(d) || inner)) break;
            if (isLetter(d)) { letters++; if (d >= 97 && d <= 122) lowercase++; }
            const f = fold(d);
            word[j - i] = f;
            plain = fnvStep(plain, f);
            j++;
          }
          const length = j - i;
          const t = token(i, j);
          const negated = scope > 0;
          let unigram = negated ? SEED_NEG : SEED_WORD;
          for (let k = 0; k < length; k++) unigram = fnvStep(unigram, word[k]!);
          emit(unigram, t, t);
          if (t > 0) emit(mixPair(previous, unigram), t - 1, t);
          previous = unigram;
          if (letters > 0) {
            charGrams(length, t);
            if (length >= 3 && lowercase === 0) emit(SEED_SHOUT, t, t);
          }
          const endsNt = length >= 3 && word[length - 1] === 116 && word[length - 2] === APOSTROPHE && word[length - 3] === 110;
          if (negators.has(plain) || endsNt) scope = params.negationScope;
          else if (scope > 0) scope--;
          i = j;
          continue;
        }
        const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
        const t = token(i, i + width);
        let unigram = fnvStep(SEED_WORD, c);
        if (width === 2) unigram = fnvStep(unigram, text.charCodeAt(i + 1));
        emit(unigram, t, t);
        if (t > 0) emit(mixPair(previous, unigram), t - 1, t);
        previous = unigram;
        if (c < 128) scope = 0;
        i += width;
      }
      return out;
    },
  };
}
