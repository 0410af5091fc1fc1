/** The characters foldForScan changes. */
const FOLDED = /[\uff01-\uff5e\u00a0\u202f\u3000\u2000-\u200a]/;

/**
 * The text the scanners read: fullwidth forms (＠, ０-９, Ａ-Ｚ) folded to ASCII and every kind of space
 * (no-break, thin, figure, ideographic) to a plain space. Each character maps to exactly one, so a span
 * found in the folded text is the same span of the original.
 */
export function foldForScan(text: string): string {
  // almost every text has nothing to fold: one native search says so
  if (!FOLDED.test(text)) return text;
  let out: string[] | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let mapped = -1;
    if (c >= 0xff01 && c <= 0xff5e) mapped = c - 0xfee0;
    else if (c === 0xa0 || c === 0x202f || c === 0x3000 || (c >= 0x2000 && c <= 0x200a)) mapped = 32;
    if (mapped === -1 && out === null) continue;
    out ??= text.slice(0, i).split('');
    out.push(mapped === -1 ? text[i]! : String.fromCharCode(mapped));
  }
  return out === null ? text : out.join('');
}

/** Lower case that keeps every index: ASCII letters folded, everything else as it is ("İ" would grow under toLowerCase). */
export function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : text[i]!;
  }
  return out;
}
