import type { Evidence } from '../schema/index.ts';
import type { PreparedTurn } from '../analysis/prepare.ts';
import { tokenize } from '../text/tokenize.ts';

const isWord = (kind: string) => kind === 'word' || kind === 'number';
/** Marks that end a clause: a quote stops at them rather than run into the next thought. */
const CLAUSE_ENDS = new Set([',', ';', ':', '-', '\u2013', '\u2014', '(', ')']);
const endsClause = (norm: string) => CLAUSE_ENDS.has(norm);

/** The customer's clause around a piece of evidence: within its sentence and clause, cut to `words` words either side. */
export function clauseOf(turn: PreparedTurn, evidence: Evidence, words: number): string {
  const tokens = turn.tokens;
  let at = tokens.findIndex((t) => t.end > evidence.start);
  if (at < 0) return evidence.text;
  const sentence = tokens[at]!.sentence;
  let from = at;
  for (
    let seen = 0, i = at - 1;
    i >= 0 && tokens[i]!.sentence === sentence && !endsClause(tokens[i]!.norm) && seen < words;
    i--
  ) {
    if (isWord(tokens[i]!.kind)) seen++;
    from = i;
  }
  let to = at;
  while (to + 1 < tokens.length && tokens[to + 1]!.start < evidence.end) to++;
  for (
    let seen = 0, i = to + 1;
    i < tokens.length && tokens[i]!.sentence === sentence && !endsClause(tokens[i]!.norm) && seen < words;
    i++
  ) {
    if (isWord(tokens[i]!.kind)) seen++;
    to = i;
  }
  // a trailing comma or sentence mark belongs to the sentence, not the quote
  while (to > at && !isWord(tokens[to]!.kind)) to--;
  at = from;
  return turn.text.slice(tokens[at]!.start, tokens[to]!.end);
}

/** The customer's words as the agent would say them back: first person turned to second ("my flight" → "your flight"). */
export function echoOf(text: string, swap: Readonly<Record<string, string>>): string {
  let out = '';
  let from = 0;
  for (const t of tokenize(text)) {
    const replacement = t.kind === 'word' ? swap[t.norm] : undefined;
    if (replacement === undefined) continue;
    // capitalised only where the quote starts; "I" and "I'm" are capitals anywhere
    const cased = t.start === 0 ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement;
    out += text.slice(from, t.start) + cased;
    from = t.end;
  }
  return out + text.slice(from);
}

/** Fills `{name}` placeholders; a name without a value is left as it is, so a config typo shows. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
