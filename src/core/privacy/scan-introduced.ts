import { atWordStart, isAsciiLetter, isDigit, isLetter, isUpper } from './chars.ts';
import nameWords from './name-words.json' with { type: 'json' };
import phrases from './phrases.json' with { type: 'json' };
import { letterRunEnd, PhraseIndex } from './phrase-index.ts';
import type { PiiSpan, PiiType } from './types.ts';

/** Identifiers that only say what they are by the words before them: a date of birth, a passport, a bank account, a password, a phone number said digit by digit. */
const INTRODUCERS = Object.entries(phrases.introducedIds as Record<string, string[]>)
  .flatMap(([type, words]) => words.map((w) => ({ type: type as PiiType, words: w })))
  .sort((a, b) => b.words.length - a.words.length);
/** By first word, so most word starts are passed over with one map lookup. */
const BY_FIRST = new PhraseIndex(INTRODUCERS, (x) => x.words);
/** Words before "password" or "PIN" that make it an instruction ("reset your password: …"), not a secret being told. */
const INSTRUCTING = new Set(phrases.secretInstructions);
/** Words after the introduction that say no value follows ("password reset link", "account order 123"). */
const STOPS = phrases.introducedStops as Record<string, string[]>;
const STOP_SETS = Object.fromEntries(Object.entries(STOPS).map(([type, words]) => [type, new Set(words)])) as Record<
  string,
  Set<string>
>;
/** Plain words that are not a password even right after "password is" ("not", "wrong", "expired"). */
const NOT_SECRET = new Set([...phrases.notSecretWords, ...nameWords.commonWords]);
const DIGIT_WORDS = new Map(Object.entries(phrases.digitWords as Record<string, number>));
/** How far after the introduction a value may be found, and how many values one introduction may cover. */
const WINDOW = 60;
const MAX_VALUES: Record<string, number> = { DOB: 1, PASSWORD: 2, PASSPORT: 2, ACCOUNT: 3, PHONE: 2 };
/** How many words may sit between one value and the next ("sort code 20-00-00 and account 55779911"). */
const JOIN_WORDS = 4;

/** The lower-case word ending just before position i (skipping spaces), or ''. */
function wordBefore(lower: string, i: number): string {
  let end = i;
  while (end > 0 && lower[end - 1] === ' ') end--;
  let start = end;
  while (start > 0 && isLetter(lower.charCodeAt(start - 1))) start--;
  return lower.slice(start, end);
}

const MONTHS = new Set(phrases.monthWords);
const ORDINALS = new Set(['st', 'nd', 'rd', 'th']);

/** A date as people type one: 04/07/1985, 12.11.90, 1985-07-04, 3rd March 1979, March 3, 1979; its end, or i. */
function dateEnd(text: string, i: number): number {
  let j = i;
  let end = i;
  let digits = 0;
  let words = 0;
  while (j < text.length && j - i < 24) {
    const c = text.charCodeAt(j);
    if (isDigit(c)) {
      let k = j;
      while (k < text.length && (isDigit(text.charCodeAt(k)) || '/.-'.includes(text[k]!)) && k - j < 10) k++;
      while (k > j && !isDigit(text.charCodeAt(k - 1))) k--;
      for (let d = j; d < k; d++) if (isDigit(text.charCodeAt(d))) digits++;
      let w = k;
      while (w < text.length && isLetter(text.charCodeAt(w)) && w - k < 2) w++;
      end = ORDINALS.has(text.slice(k, w).toLowerCase()) ? w : k;
      j = end;
    } else if (isLetter(c)) {
      let k = j;
      while (k < text.length && isLetter(text.charCodeAt(k))) k++;
      if (!MONTHS.has(text.slice(j, k).toLowerCase())) break;
      words++;
      end = k;
      j = k;
    } else if (c === 32 || c === 44) j++;
    else break;
  }
  // a year or a day-month-year of digits, or a day and a month name; "on Monday" is not a birth date
  return digits >= 4 || (digits >= 1 && words >= 1) ? end : i;
}

interface Digits {
  end: number;
  digits: number;
  /** A separator was a slash, or the groups read like a date (dd.mm.yyyy). */
  dateLike?: boolean;
  /** Said or typed one digit at a time ("oh seven seven", "0 7 7 0 0"). */
  spelled?: boolean;
  /** Letters before the digits ("G 4921 8837"). */
  letters: number;
}

/**
 * A number as it is typed or said: groups of digits joined by single spaces, dashes, dots or slashes
 * ("20-00-00", "4417 2290", "925 665 416"), or digit words ("two zero, four five", "double oh"); letters
 * may lead ("G 4921 8837"). Its end and digit count; `digits` is 0 when none starts at `at`.
 */
function digitsAt(text: string, lower: string, at: number): Digits {
  let j = at;
  let letters = 0;
  while (letters < 4 && isAsciiLetter(text.charCodeAt(j)) && isUpper(text.charCodeAt(j))) {
    j++;
    letters++;
  }
  if (letters > 0 && text.charCodeAt(j) === 32 && isDigit(text.charCodeAt(j + 1))) j++;
  if (isDigit(text.charCodeAt(j))) {
    let digits = 0;
    let end = j;
    let shape = '';
    while (j < text.length && j - at < 40) {
      const c = text.charCodeAt(j);
      if (isDigit(c)) digits++;
      else if (
        c === 32 &&
        text.charCodeAt(j + 1) === 32 &&
        isDigit(text.charCodeAt(j + 2)) &&
        isDigit(text.charCodeAt(j - 1))
      ) {
        // "0 7 7 0 0  9 0 0": digits typed one by one, groups two spaces apart
        shape += '  ';
        j += 2;
        end = j;
        continue;
      } else if (!(
        (c === 32 || c === 45 || c === 46 || c === 47) &&
        isDigit(text.charCodeAt(j + 1)) &&
        isDigit(text.charCodeAt(j - 1))
      ))
        break;
      shape += isDigit(c) ? 'd' : text[j]!;
      j++;
      end = j;
    }
    const dateLike = shape.includes('/') || /^(dd?[.-]dd?[.-]dddd|dddd[.-]dd?[.-]dd?)$/.test(shape);
    const spaced = /^d( {1,2}d){5,}$/.test(shape);
    return isLetter(text.charCodeAt(end))
      ? { end: at, digits: 0, letters: 0 }
      : { end, digits, letters, dateLike, spelled: spaced };
  }
  if (letters > 0) return { end: at, digits: 0, letters: 0 };
  // digit words, with "double"/"triple" repeating the next one
  let digits = 0;
  let end = at;
  let repeat = 1;
  j = at;
  while (j < text.length && j - at < 120) {
    let k = j;
    while (k < text.length && isAsciiLetter(lower.charCodeAt(k))) k++;
    const value = DIGIT_WORDS.get(lower.slice(j, k));
    if (value === undefined || k === j) break;
    if (value < 0) repeat = -value;
    else {
      digits += repeat;
      repeat = 1;
      end = k;
    }
    j = k;
    while (j < text.length && j - k < 3 && (lower[j] === ' ' || lower[j] === ',' || lower[j] === '-')) j++;
  }
  return { end, digits, letters: 0, spelled: true };
}

const SECRET_SYMBOLS = '!#$%&*_^~+=?@';

/** A token that looks like a secret: letters with digits or symbols, a word in capitals, or 4–8 digits. */
function secretLike(token: string): boolean {
  if (token.length < 4 || token.length > 64 || /^(https?:|www\.)/i.test(token)) return false;
  let letters = 0,
    digits = 0,
    symbols = 0,
    upper = 0;
  for (let k = 0; k < token.length; k++) {
    const c = token.charCodeAt(k);
    if (isDigit(c)) digits++;
    else if (isLetter(c)) {
      letters++;
      if (isUpper(c)) upper++;
    } else if (SECRET_SYMBOLS.includes(token[k]!)) symbols++;
  }
  if (token.includes('@') && token.includes('.')) return false;
  if (letters === 0) return digits >= 4 && digits <= 8 && symbols === 0 && digits === token.length;
  return (
    (digits > 0 && letters > 0) ||
    symbols > 0 ||
    (upper === letters && letters >= 5 && !NOT_SECRET.has(token.toLowerCase()))
  );
}

/**
 * The token (a run without spaces) at i, less quotes around it and the sentence's punctuation after it;
 * `trim` is that punctuation (a password may end in "!" or ".", and redacting a full stop too costs nothing).
 */
function tokenAt(text: string, i: number, trim = ',;.!?)"\'’”:'): [number, number] {
  let start = i;
  while ('\'"‘“('.includes(text[start] ?? 'x')) start++;
  let end = start;
  while (end < text.length && end - start < 64 && text.charCodeAt(end) !== 32 && text.charCodeAt(end) !== 10) end++;
  while (end > start && trim.includes(text[end - 1]!)) end--;
  return [start, end];
}

/** The value of `type` starting at `at`, as its end (or `at` when none); `first` marks the token right after the introduction. */
function valueEnd(type: PiiType, text: string, lower: string, at: number, first: boolean): number {
  if (type === 'DOB') return dateEnd(text, at);
  const number = digitsAt(text, lower, at);
  // typed numbers are the number scanner's; here only those said or spaced out digit by digit
  if (type === 'PHONE') return number.spelled && number.digits >= 10 && number.digits <= 13 ? number.end : at;
  if (type === 'ACCOUNT') {
    // a sort code or BSB (6 digits), an account or routing number (6–12); an IFSC code (SBIN0001234)
    if (number.letters === 0 && number.digits >= 6 && number.digits <= 12 && !number.dateLike) return number.end;
    const [s, e] = tokenAt(text, at);
    return e - s === 11 && /^[A-Z]{4}0[A-Z0-9]{6}$/.test(text.slice(s, e)) ? e : at;
  }
  if (type === 'PASSPORT') {
    if (number.digits >= 6 && number.digits <= 10 && number.letters <= 2) return number.end;
    const [s, e] = tokenAt(text, at);
    const token = text.slice(s, e);
    let digits = 0;
    for (let k = 0; k < token.length; k++) if (isDigit(token.charCodeAt(k))) digits++;
    return digits >= 6 && token.length <= 12 && /^[A-Za-z0-9]+$/.test(token) ? e : at;
  }
  // PASSWORD or PIN: digits said or typed, a token that looks like a secret, or any uncommon word right after "is"
  if (number.letters === 0 && number.digits >= 4 && number.digits <= 8 && !number.dateLike) return number.end;
  const [s, e] = tokenAt(text, at, ',;)"\'’”');
  if (e <= s) return at;
  const token = text.slice(s, e);
  if (secretLike(token.replace(/[.!?]+$/, ''))) return e;
  return first && token.length >= 4 && !NOT_SECRET.has(token.toLowerCase()) && isLetter(token.charCodeAt(0)) ? e : at;
}

/**
 * Dates of birth, passport numbers, sort codes and account numbers, and passwords or PINs, found by the
 * words that introduce them ("DOB 04/07/1985", "passport number 123456789", "sort code 20-00-00 account
 * 55779911", "my password is Summer2024!", "PIN 0639"). After the introduction, the next few words of the
 * same sentence are read for values of the right shape. One pass; every look-ahead is bounded.
 */
/** `lower` is `text` lower-cased with every index kept (`lowerSameLength`). */
export function scanIntroducedIds(text: string, out: PiiSpan[], lower: string): void {
  for (let i = 0; i < lower.length; i++) {
    if (!isLetter(lower.charCodeAt(i)) || !atWordStart(lower, i)) continue;
    const run = letterRunEnd(lower, i);
    const candidates = BY_FIRST.at(lower, i, run);
    if (!candidates) {
      i = run - 1; // no word starts inside a run of letters
      continue;
    }
    const intro = candidates.find(
      (x) => lower.startsWith(x.words, i) && !isLetter(lower.charCodeAt(i + x.words.length)),
    );
    if (!intro) continue;
    // "reset your password: <link>" is an instruction, not a secret
    if (intro.type === 'PASSWORD' && INSTRUCTING.has(wordBefore(lower, i))) continue;
    const end = readValues(intro.type, text, lower, i + intro.words.length, out);
    i = Math.max(i + intro.words.length - 1, end - 1);
  }
}

/** Reads up to MAX_VALUES values of `type` in the words after an introduction ending at `from`; returns the end of the last one (or `from`). */
function readValues(type: PiiType, text: string, lower: string, from: number, out: PiiSpan[]): number {
  const stops = STOP_SETS[type];
  let j = from;
  let limit = from + WINDOW;
  let found = 0;
  let tokens = 0;
  let lastEnd = from;
  // "passport no. 123", "d.o.b. 17/02/67": a dot right after the introduction abbreviates, it does not end the sentence
  if (text[j] === '.') j++;
  while (j < text.length && j < limit && found < (MAX_VALUES[type] ?? 1)) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) break;
    // a full stop, question or exclamation mark followed by a space ends the sentence
    if ((c === 46 || c === 63 || c === 33) && (j + 1 >= text.length || text.charCodeAt(j + 1) === 32)) break;
    if (!(isLetter(c) || isDigit(c)) || !atWordStart(text, j)) {
      j++;
      continue;
    }
    // "15/01/2024": a value never starts inside another number
    const inNumber = j > 1 && '/.-:'.includes(text[j - 1]!) && isDigit(text.charCodeAt(j - 2));
    const end = inNumber ? j : valueEnd(type, text, lower, j, tokens === 0 || isCopula(lower, j));
    if (end > j) {
      out.push({ type, start: j, end });
      found++;
      tokens++;
      limit = end + WINDOW / 2;
      j = lastEnd = end;
      continue;
    }
    let k = j;
    while (
      k < text.length &&
      k - j < 40 &&
      (isLetter(text.charCodeAt(k)) || isDigit(text.charCodeAt(k)) || text[k] === "'")
    )
      k++;
    // another introduction ("…passport 123456789, sort code 20-00-00") is read by its own turn
    if (stops?.has(lower.slice(j, k)) || introductionAt(lower, j)) break;
    // after a value, only a few joining words may lead to the next, and a capital starts something else
    if (found > 0 && (tokens - found >= JOIN_WORDS || isUpper(c))) break;
    tokens++;
    // a date of birth comes right after its words; other values may sit a few words on
    if (type === 'DOB' && tokens > 2) break;
    j = Math.max(k, j + 1);
  }
  return lastEnd;
}

function introductionAt(lower: string, j: number): boolean {
  return (BY_FIRST.at(lower, j, letterRunEnd(lower, j)) ?? []).some(
    (x) => lower.startsWith(x.words, j) && !isLetter(lower.charCodeAt(j + x.words.length)),
  );
}

/** Whether the word before position j is "is", "was", "to", "=" or ":": a plain word after it is the value itself. */
function isCopula(lower: string, j: number): boolean {
  let k = j;
  while (k > 0 && lower[k - 1] === ' ') k--;
  if (lower[k - 1] === ':' || lower[k - 1] === '=') return true;
  const word = wordBefore(lower, k);
  return word === 'is' || word === 'was' || word === 'to' || word === 'as';
}
