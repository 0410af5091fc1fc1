/** A light suffix stripper so "charged"/"charges"/"charging" meet; enough for overlap, not linguistics. */
export function stem(word: string): string {
  let w = word.endsWith("'s") ? word.slice(0, -2) : word;
  if (w.length > 5 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  let stripped = true;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else {
    stripped = false;
    if (w.length > 4 && w.endsWith('es') && !w.endsWith('ses')) w = w.slice(0, -2);
    else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  }
  // "resetting" → "resett" → "reset", so it meets "resets"; "called" keeps its "ll"
  if (stripped && w.length >= 4 && w[w.length - 1] === w[w.length - 2] && !'lsz'.includes(w[w.length - 1]!)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}
