import type { Token } from './tokenize.ts';

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;

/** Whether token `i` of a text starts with a capital letter (a quick test before looking for names). */
export const capitalised = (turn: { text: string; tokens: readonly Token[] }, i: number) =>
  isUpper(turn.text.charCodeAt(turn.tokens[i]!.start));

/** "Dead", "Redemption": a capital, then at least one lower-case letter. */
function titleCase(text: string, t: Token): boolean {
  if (t.kind !== 'word' || !isUpper(text.charCodeAt(t.start))) return false;
  for (let i = t.start + 1; i < t.end; i++) if (isLower(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Which word tokens belong to a name: two or more title-case words in a row not counting a sentence's
 * capitalised first word ("I can't play Red Dead Redemption", "My Angry Birds save is gone"). A product's name carries no feeling, though its
 * words have valences. A writer who capitalises most words ("Worst Flight Ever") shows no names this way:
 * when more than `maxTitleShare` of the turn's words are title case, nothing is a name.
 */
export function nameTokens(text: string, tokens: readonly Token[], maxTitleShare: number): boolean[] | null {
  let words = 0;
  let titled = 0;
  for (const t of tokens)
    if (t.kind === 'word') {
      words++;
      if (titleCase(text, t)) titled++;
    }
  if (titled < 2 || titled > maxTitleShare * words) return null;
  const out = new Array<boolean>(tokens.length).fill(false);
  let i = 0;
  while (i < tokens.length) {
    if (!titleCase(text, tokens[i]!)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < tokens.length && titleCase(text, tokens[end]!) && tokens[end]!.sentence === tokens[i]!.sentence) end++;
    // the first word of a sentence is capitalised anyway; a handle, hashtag or symbol before it does not count
    let k = i - 1;
    while (k >= 0 && tokens[k]!.sentence === tokens[i]!.sentence && tokens[k]!.kind !== 'word') k--;
    const opens = k < 0 || tokens[k]!.sentence !== tokens[i]!.sentence || (k > 0 && tokens[k - 1]!.norm === '@');
    const from = opens ? i + 1 : i;
    if (end - from >= 2) for (let j = from; j < end; j++) out[j] = true;
    i = end;
  }
  return out;
}
