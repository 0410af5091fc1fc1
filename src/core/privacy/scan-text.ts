import { atWordEnd, atWordStart, isAlnum, isAsciiLetter, isDigit, isUpper } from './chars.ts';
import phrases from './phrases.json' with { type: 'json' };
import type { PiiSpan } from './types.ts';

const IBAN_LENGTHS = phrases.ibanLengths as Record<string, number>;
const NI_FIRST_BAD = 'DFIQUV';
const NI_SECOND_BAD = 'DFIOQUV';
const NI_BAD_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);
const EMAIL_LOCAL = /[A-Za-z0-9._%+'-]/;

/** E-mail addresses: expand left and right from each "@" over the characters an address may hold. */
export function scanEmails(text: string, out: PiiSpan[]): void {
  let lastEnd = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > lastEnd && EMAIL_LOCAL.test(text[start - 1]!)) start--;
    while (start < at && ".'".includes(text[start]!)) start++;
    let end = at + 1;
    let lastDot = -1;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (isAlnum(c) || c === 45) end++;
      else if (c === 46 && isAlnum(text.charCodeAt(end + 1))) {
        lastDot = end;
        end++;
      } else break;
    }
    if (start === at || lastDot === -1 || end - lastDot < 3) continue;
    out.push({ type: 'EMAIL', start, end });
    lastEnd = end;
  }
}

/** IBANs: a known country code, two check digits and the country's length (single spaces or dashes allowed), checksum-validated in the same pass. */
export function scanIbans(text: string, out: PiiSpan[]): void {
  for (let i = 0; i + 4 < text.length; i++) {
    const c0 = text.charCodeAt(i);
    if (
      !isAsciiLetter(c0) ||
      !isAsciiLetter(text.charCodeAt(i + 1)) ||
      !isDigit(text.charCodeAt(i + 2)) ||
      !isDigit(text.charCodeAt(i + 3)) ||
      !atWordStart(text, i)
    )
      continue;
    const length = IBAN_LENGTHS[text.slice(i, i + 2).toUpperCase()];
    if (!length) continue;
    // ISO 13616: the BBAN, then the country letters and check digits, as one number mod 97 must equal 1.
    let remainder = 0;
    let count = 4;
    let j = i + 4;
    while (j < text.length && count < length) {
      const c = text.charCodeAt(j);
      const value = isDigit(c) ? c - 48 : isAsciiLetter(c) ? (c | 32) - 87 : -1;
      if (value >= 0) {
        remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        count++;
      } else if (!(
        (c === 32 || c === 45) &&
        isAlnum(text.charCodeAt(j + 1)) &&
        text.charCodeAt(j - 1) !== 32 &&
        text.charCodeAt(j - 1) !== 45
      ))
        break;
      j++;
    }
    if (count !== length || !atWordEnd(text, j)) continue;
    for (let k = i; k < i + 4; k++) {
      const c = text.charCodeAt(k);
      const value = isDigit(c) ? c - 48 : (c | 32) - 87;
      remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
    }
    if (remainder === 1) {
      out.push({ type: 'IBAN', start: i, end: j });
      i = j;
    }
  }
}

/** UK National Insurance numbers: AB 12 34 56 C, AB123456C, with the published prefix rules. */
export function scanNiNumbers(text: string, out: PiiSpan[]): void {
  for (let i = 0; i + 8 < text.length; i++) {
    if (!isAsciiLetter(text.charCodeAt(i)) || !isAsciiLetter(text.charCodeAt(i + 1)) || !atWordStart(text, i)) continue;
    // the digits start right after the two letters, or after one space
    if (!isDigit(text.charCodeAt(i + 2)) && !(text.charCodeAt(i + 2) === 32 && isDigit(text.charCodeAt(i + 3))))
      continue;
    const prefix = text.slice(i, i + 2).toUpperCase();
    if (NI_FIRST_BAD.includes(prefix[0]!) || NI_SECOND_BAD.includes(prefix[1]!) || NI_BAD_PREFIXES.has(prefix))
      continue;
    let j = i + 2;
    let digits = 0;
    while (j < text.length && digits < 6) {
      const c = text.charCodeAt(j);
      if (isDigit(c)) digits++;
      else if (!(c === 32 && isDigit(text.charCodeAt(j + 1)) && digits % 2 === 0)) break;
      j++;
    }
    if (digits !== 6) continue;
    if (text.charCodeAt(j) === 32) j++;
    const suffix = text[j]?.toUpperCase();
    if (!suffix || !'ABCD'.includes(suffix) || !atWordEnd(text, j + 1)) continue;
    out.push({ type: 'NI', start: i, end: j + 1 });
    i = j;
  }
}

/** UK postcodes (SW1A 1AA, M1 1AE, B33 8TH, with or without the space), in one consistent case. */
export function scanUkPostcodes(text: string, out: PiiSpan[]): void {
  for (let i = 0; i + 4 < text.length; i++) {
    if (!isAsciiLetter(text.charCodeAt(i)) || !atWordStart(text, i)) continue;
    let j = i;
    while (j < text.length && j - i < 8 && isAlnum(text.charCodeAt(j))) j++;
    // every outward code has a digit second or third (M1, B33, SW1A): other words are passed over unsliced
    if (!isDigit(text.charCodeAt(i + 1)) && !isDigit(text.charCodeAt(i + 2))) {
      i = j - 1;
      continue;
    }
    const first = text.slice(i, j);
    if (first.length >= 2 && first.length <= 4 && text[j] === ' ' && isOutward(first)) {
      const second = text.slice(j + 1, j + 4);
      if (isInward(second) && atWordEnd(text, j + 4) && sameCase(first + second)) {
        out.push({ type: 'POSTCODE', start: i, end: j + 4 });
        i = j + 3;
        continue;
      }
    }
    if (
      first.length >= 5 &&
      first.length <= 7 &&
      atWordEnd(text, j) &&
      isOutward(first.slice(0, -3)) &&
      isInward(first.slice(-3)) &&
      sameCase(first)
    ) {
      out.push({ type: 'POSTCODE', start: i, end: j });
    }
    i = j - 1;
  }
}

function isOutward(s: string): boolean {
  const shape = [...s]
    .map((ch) => (isDigit(ch.charCodeAt(0)) ? 'D' : isAsciiLetter(ch.charCodeAt(0)) ? 'L' : '?'))
    .join('');
  return ['LD', 'LDD', 'LLD', 'LLDD', 'LDL', 'LLDL'].includes(shape);
}

function isInward(s: string): boolean {
  if (s.length !== 3 || !isDigit(s.charCodeAt(0))) return false;
  return [1, 2].every((k) => isAsciiLetter(s.charCodeAt(k)) && !'CIKMOVcikmov'.includes(s[k]!));
}

function sameCase(s: string): boolean {
  const letters = [...s].filter((ch) => isAsciiLetter(ch.charCodeAt(0)));
  return letters.every((ch) => isUpper(ch.charCodeAt(0))) || letters.every((ch) => !isUpper(ch.charCodeAt(0)));
}

/** IPv6 addresses: hex groups and colons with "::" or all eight groups, so clock times never match. */
export function scanIpv6(text: string, out: PiiSpan[]): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(isHex(c) || c === 58) || (i > 0 && (isAlnum(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 58)))
      continue;
    let j = i;
    let colons = 0;
    for (; j < text.length && j - i < 45; j++) {
      const d = text.charCodeAt(j);
      if (d === 58) colons++;
      else if (!(isHex(d) || (d === 46 && isDigit(text.charCodeAt(j + 1))))) break;
    }
    while (j > i && text.charCodeAt(j - 1) === 58 && text.charCodeAt(j - 2) !== 58) j--;
    if (colons >= 2 && atWordEnd(text, j) && isIpv6(text.slice(i, j))) {
      out.push({ type: 'IP', start: i, end: j });
    }
    i = Math.max(i, j - 1);
  }
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isIpv6(s: string): boolean {
  const double = s.indexOf('::');
  if (double !== -1 && s.indexOf('::', double + 1) !== -1) return false;
  const parts = s.split(':');
  const groups = parts.filter((p) => p !== '');
  if (groups.some((p) => p.length > 4 && !p.includes('.'))) return false;
  if (groups.some((p) => p.includes('.') && p !== parts[parts.length - 1])) return false;
  if (double === -1) return parts.length === 8 && groups.length === 8;
  if (groups.length > 7) return false;
  if (s === '::') return false;
  return groups.length >= 2 || s === '::1' || groups.some((p) => p.length === 4 || /[a-f]/i.test(p));
}

export { isUpper };
