/** Character tests on UTF-16 code units; anything above ASCII counts as a letter so names in any script stay whole. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isLetter(c: number): boolean {
  return isAsciiLetter(c) || (c > 127 && c !== 0xa0 && !(c >= 0x2000 && c <= 0x206f) && c !== 0xfeff);
}

export function isAlnum(c: number): boolean {
  return isDigit(c) || isLetter(c);
}

/** True when position i is at a word start: nothing, or a non-alphanumeric character, before it. */
export function atWordStart(text: string, i: number): boolean {
  return i === 0 || !isAlnum(text.charCodeAt(i - 1));
}

/** True when position i (exclusive end) is at a word end. */
export function atWordEnd(text: string, i: number): boolean {
  return i >= text.length || !isAlnum(text.charCodeAt(i));
}

/** The lower-cased text of up to `width` characters before position i: a bounded context window. */
export function before(text: string, i: number, width: number): string {
  return text.slice(Math.max(0, i - width), i).toLowerCase();
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, remainder mod 97 must be 1. */
export function ibanValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    const value = isDigit(c) ? c - 48 : isUpper(c) ? c - 55 : -1;
    if (value < 0) return false;
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** Whether `phrase` occurs in `context` starting at a word start (so "id" does not match "paid"). */
export function containsWord(context: string, phrase: string): boolean {
  for (let at = context.indexOf(phrase); at !== -1; at = context.indexOf(phrase, at + 1)) {
    if (at === 0 || !isAlnum(context.charCodeAt(at - 1))) return true;
  }
  return false;
}

/** An upper-case letter in any script that has case ("J", "Ł", "Ó"). */
export function isCapital(c: number): boolean {
  if (c < 128) return isUpper(c);
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase();
}
