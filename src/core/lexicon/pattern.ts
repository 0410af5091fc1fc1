/**
 * The phrase syntax of lexicon files: words separated by spaces; `(a|b c)` alternatives;
 * `(a|b)?` or `[a]` optional; `*` any one word; `#num` any number or number word.
 */

export const ANY = '*';
export const NUM = '#num';

/** One concrete way a phrase can be written, as normalised token strings (or ANY / NUM). */
export type Expansion = string[];

export type PatternResult = { ok: true; expansions: Expansion[] } | { ok: false; reason: string };

const MAX_EXPANSIONS = 4096;

type Part = { options: string[]; optional: boolean };

function splitTopLevel(pattern: string): Part[] | string {
  const parts: Part[] = [];
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i];
    if (c === ' ') {
      i++;
      continue;
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      const end = pattern.indexOf(close, i + 1);
      if (end < 0) return `unclosed "${c}"`;
      const inner = pattern.slice(i + 1, end);
      if (inner.includes('(') || inner.includes('[')) return 'groups cannot be nested';
      let optional = c === '[';
      i = end + 1;
      if (pattern[i] === '?') {
        optional = true;
        i++;
      }
      if (i < n && pattern[i] !== ' ') return `a group must be followed by a space (at ${i})`;
      parts.push({ options: inner.split('|').map((s) => s.trim()), optional });
      continue;
    }
    let end = i;
    while (end < n && pattern[end] !== ' ') end++;
    const word = pattern.slice(i, end);
    if (/[()[\]|]/.test(word)) return `"${word}" mixes a word with group syntax`;
    parts.push({ options: [word], optional: false });
    i = end;
  }
  return parts;
}

/** Expands a phrase into every concrete token sequence, tokenising words with `toTokens`. */
export function expandPattern(pattern: string, toTokens: (text: string) => string[]): PatternResult {
  const parts = splitTopLevel(pattern.trim().toLowerCase());
  if (typeof parts === 'string') return { ok: false, reason: parts };
  if (parts.length === 0) return { ok: false, reason: 'empty phrase' };
  let expansions: Expansion[] = [[]];
  for (const part of parts) {
    // each word of an option on its own, so `(twice|#num times)` keeps #num as the placeholder
    const choices = part.options.map((option) =>
      option
        .split(' ')
        .filter(Boolean)
        .flatMap((w) => (w === ANY || w === NUM ? [w] : toTokens(w))),
    );
    if (part.optional) choices.push([]);
    const next: Expansion[] = [];
    for (const prefix of expansions) for (const choice of choices) next.push([...prefix, ...choice]);
    if (next.length > MAX_EXPANSIONS) return { ok: false, reason: `expands to more than ${MAX_EXPANSIONS} phrases` };
    expansions = next;
  }
  expansions = expansions.filter((e) => e.length > 0);
  if (expansions.length === 0) return { ok: false, reason: 'every part is optional' };
  return { ok: true, expansions };
}
