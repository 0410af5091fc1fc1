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

/**
 * A phrase as its parts, each the token sequences that part may be written as (an optional part includes the empty
 * one): the phrase's expansions are every product of one choice per part, in order. The matcher walks these into its
 * trie part by part, so a prefix shared by many expansions is walked once and no expansion is built.
 */
export type ChoicesResult = { ok: true; choices: Expansion[][] } | { ok: false; reason: string };

export function patternChoices(pattern: string, toTokens: (text: string) => string[]): ChoicesResult {
  const parts = splitTopLevel(pattern.trim().toLowerCase());
  if (typeof parts === 'string') return { ok: false, reason: parts };
  if (parts.length === 0) return { ok: false, reason: 'empty phrase' };
  const all: Expansion[][] = [];
  let count = 1;
  for (const part of parts) {
    // each word of an option on its own, so `(twice|#num times)` keeps #num as the placeholder
    const choices = part.options.map((option) =>
      option
        .split(' ')
        .filter(Boolean)
        .flatMap((w) => (w === ANY || w === NUM ? [w] : toTokens(w))),
    );
    if (part.optional) choices.push([]);
    count *= choices.length;
    if (count > MAX_EXPANSIONS) return { ok: false, reason: `expands to more than ${MAX_EXPANSIONS} phrases` };
    all.push(choices);
  }
  if (all.every((choices) => choices.every((c) => c.length === 0)))
    return { ok: false, reason: 'every part is optional' };
  return { ok: true, choices: all };
}

/** Expands a phrase into every concrete token sequence, tokenising words with `toTokens`. */
export function expandPattern(pattern: string, toTokens: (text: string) => string[]): PatternResult {
  const result = patternChoices(pattern, toTokens);
  if (!result.ok) return result;
  let expansions: Expansion[] = [[]];
  for (const choices of result.choices) {
    const next: Expansion[] = [];
    for (const prefix of expansions) for (const choice of choices) next.push([...prefix, ...choice]);
    expansions = next;
  }
  return { ok: true, expansions: expansions.filter((e) => e.length > 0) };
}
