import type { Token } from './tokenize.ts';

/**
 * Marks tokens inside a negation scope: the `window` words after a negator, stopping at
 * punctuation, a sentence end or a contrast word ("I'm not angry, just disappointed").
 */
export function markNegated(
  tokens: readonly Token[],
  negators: ReadonlySet<string>,
  breakers: ReadonlySet<string>,
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
    if (t.kind === 'punct' || breakers.has(t.norm)) {
      left = 0;
      continue;
    }
    if (t.kind !== 'word' && t.kind !== 'number') continue;
    if (negators.has(t.norm) || t.norm.endsWith("n't")) {
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
