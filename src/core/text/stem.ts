/** A light suffix stripper so "charged"/"charges"/"charging" meet; enough for overlap, not linguistics. */
export function stem(word: string): string {
  // works on the kept length `n` and slices once: it runs on every word of every turn
  let n = word.length;
  if (endsAt(word, n, "'s")) n -= 2;
  if (n > 5 && endsAt(word, n, 'ies')) return word.slice(0, n - 3) + 'y';
  let stripped = true;
  if (n > 5 && endsAt(word, n, 'ing')) n -= 3;
  else if (n > 4 && endsAt(word, n, 'ed')) n -= 2;
  else {
    stripped = false;
    if (n > 4 && endsAt(word, n, 'es') && !endsAt(word, n, 'ses')) n -= 2;
    else if (n > 3 && endsAt(word, n, 's') && !endsAt(word, n, 'ss')) n -= 1;
  }
  // "resetting" → "resett" → "reset", so it meets "resets"; "called" keeps its "ll"
  if (stripped && n >= 4 && word.charCodeAt(n - 1) === word.charCodeAt(n - 2) && !'lsz'.includes(word[n - 1]!)) n--;
  if (n > 4 && word.charCodeAt(n - 1) === 101 /* e */) n--;
  return n === word.length ? word : word.slice(0, n);
}

/** Whether the first `n` characters of `word` end with `suffix`. */
const endsAt = (word: string, n: number, suffix: string) =>
  n >= suffix.length && word.startsWith(suffix, n - suffix.length);
