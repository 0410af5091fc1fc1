import type { Token } from './tokenize.ts';
import { BREAKER, NEGATOR, type Vocabulary } from './vocabulary.ts';

/**
 * Marks tokens inside a negation scope: the `window` words after a negator, stopping at
 * punctuation, a sentence end or a contrast word ("I'm not angry, just disappointed").
 * `ids` are the tokens' word ids in `vocabulary`, where negators and breakers are flagged.
 */
export function markNegated(
  tokens: readonly Token[],
  ids: readonly number[],
  vocabulary: Vocabulary,
  window: number,
): boolean[] {
  const negated = new Array<boolean>(tokens.length).fill(false);
  let left = 0;
  let sentence = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.sentence !== sentence) {
      sentence = t.sentence;
      left = 0;
    }
    if (t.kind === 'punct' || vocabulary.is(ids[i]!, BREAKER)) {
      left = 0;
      continue;
    }
    if (t.kind !== 'word' && t.kind !== 'number') continue;
    if (vocabulary.is(ids[i]!, NEGATOR) || t.norm.endsWith("n't")) {
      left = window;
      continue;
    }
    if (left > 0) {
      negated[i] = true;
      left--;
    }
  }
  return negated;
}
