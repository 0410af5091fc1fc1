import { tokenize, type Token } from '../text/tokenize.ts';
import { FNV_OFFSET, fnvStep, fnvString, mixPair } from './hash.ts';

/** How text becomes hashed features; stored in every artefact so training and inference agree. */
export interface FeaturizerParams {
  /** log2 of the number of hash buckets. */
  log2Buckets: number;
  /** Character n-gram lengths taken inside each word (with < > boundary marks). */
  charMin: number;
  charMax: number;
  /** Words that open a negation scope; any word ending in "n't" does too. */
  negators: string[];
  /** How many following words a negator marks (a punctuation token closes the scope earlier). */
  negationScope: number;
}

/**
 * Features of one text, in reusable buffers: bucket index and the token(s) each came from.
 * Every feature has value 1/sqrt(count), so a text's vector has unit length before collisions.
 */
export interface Features {
  count: number;
  index: Int32Array;
  /** First and last token of the feature (equal except for bigrams). */
  tokenA: Int32Array;
  tokenB: Int32Array;
  tokens: Token[];
}

const SEED_WORD = fnvStep(FNV_OFFSET, 1);
const SEED_NEG = fnvStep(FNV_OFFSET, 2);
const SEED_CHAR = fnvStep(FNV_OFFSET, 3);
const SEED_SHOUT = fnvStep(FNV_OFFSET, 4);
const LT = 60;
const GT = 62;

/** A word of three or more letters written in capitals, e.g. "WHY". */
function isShouted(text: string, token: Token): boolean {
  if (token.end - token.start < 3) return false;
  for (let i = token.start; i < token.end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}

/** A featuriser bound to its parameters, reusing its buffers between calls (not re-entrant). */
export interface Featurizer {
  params: FeaturizerParams;
  buckets: number;
  featurize(text: string): Features;
}

export function createFeaturizer(params: FeaturizerParams): Featurizer {
  const buckets = 1 << params.log2Buckets;
  const mask = buckets - 1;
  const negators = new Set(params.negators);
  const out: Features = { count: 0, index: new Int32Array(256), tokenA: new Int32Array(256), tokenB: new Int32Array(256), tokens: [] };

  const grow = () => {
    const size = out.index.length * 2;
    const next = (a: Int32Array) => { const b = new Int32Array(size); b.set(a); return b; };
    out.index = next(out.index);
    out.tokenA = next(out.tokenA);
    out.tokenB = next(out.tokenB);
  };
  const emit = (hash: number, a: number, b: number) => {
    if (out.count === out.index.length) grow();
    out.index[out.count] = hash & mask;
    out.tokenA[out.count] = a;
    out.tokenB[out.count] = b;
    out.count++;
  };
  const charGrams = (norm: string, t: number) => {
    const last = norm.length + 1;
    for (let s = 0; s <= last; s++) {
      let h = SEED_CHAR;
      for (let k = 0; k < params.charMax && s + k <= last; k++) {
        const p = s + k;
        h = fnvStep(h, p === 0 ? LT : p === last ? GT : norm.charCodeAt(p - 1));
        if (k + 1 >= params.charMin) emit(h, t, t);
      }
    }
  };

  return {
    params,
    buckets,
    featurize(text: string): Features {
      const tokens = tokenize(text);
      out.tokens = tokens;
      out.count = 0;
      let scope = 0;
      let previous = 0;
      for (let t = 0; t < tokens.length; t++) {
        const token = tokens[t]!;
        const norm = token.kind === 'url' ? '<url>' : token.kind === 'email' ? '<email>' : token.norm;
        const isWord = token.kind === 'word' || token.kind === 'number';
        const negated = isWord && scope > 0;
        const unigram = fnvString(negated ? SEED_NEG : SEED_WORD, norm);
        emit(unigram, t, t);
        if (t > 0) emit(mixPair(previous, unigram), t - 1, t);
        previous = unigram;
        if (token.kind === 'word') {
          charGrams(norm, t);
          if (isShouted(text, token)) emit(SEED_SHOUT, t, t);
        }
        if (isWord) {
          if (negators.has(norm) || norm.endsWith("n't")) scope = params.negationScope;
          else if (scope > 0) scope--;
        } else if (token.kind === 'punct') scope = 0;
      }
      return out;
    },
  };
}
