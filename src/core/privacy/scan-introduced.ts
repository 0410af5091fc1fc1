import { atWordStart, isDigit, isLetter } from './chars.ts';
import phrases from './phrases.json' with { type: 'json' };
import type { PiiSpan, PiiType } from './types.ts';

/** Identifiers that only say what they are by the words before them: a date of birth, a passport, a bank account, a password. */
const INTRODUCERS = Object.entries(phrases.introducedIds as Record<string, string[]>)
  .flatMap(([type, words]) => words.map((w) => ({ type: type as PiiType, words: w })))
  .sort((a, b) => b.words.length - a.words.length);
/** By first letter, so most word starts are passed over with one map lookup. */
const BY_FIRST = new Map<string, typeof INTRODUCERS>();
for (const x of INTRODUCERS) BY_FIRST.set(x.words[0]!, [...(BY_FIRST.get(x.words[0]!) ?? []), x]);
/** How far after the introducing words the value may start ("passport number is: 123…"). */
const GAP = 12;
/** Words before "password" or "PIN" that make it an instruction ("reset your password: …"), not a secret being told. */
const INSTRUCTING = new Set(['your', 'reset', 'forgot', 'forgotten', 'change']);

/** The lower-case word ending just before position i (skipping spaces), or ''. */
function wordBefore(lower: string, i: number): string {
  let end = i;
  while (end > 0 && lower[end - 1] === ' ') end--;
  let start = end;
  while (start > 0 && isLetter(lower.charCodeAt(start - 1))) start--;
  return lower.slice(start, end);
}

/** Words that may join a sort code to its account number, tried in order. */
const ACCOUNT_JOINERS = [' and', ' account', ' acc', ' a/c', ' number', ' no', ':'];
const FILLERS = [' is', ' are', ':', '=', '-', ' of', ' no', ' number', ' #', ',', '.'];

/** The end of a run of non-space characters from i, bounded; `trim` drops the sentence's punctuation after it. */
function tokenEnd(text: string, i: number, trim = ',;.!?)"\'', max = 40): number {
  let j = i;
  while (j < text.length && j - i < max && text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 10) j++;
  while (j > i && trim.includes(text[j - 1]!)) j--;
  return j;
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

function valueEnd(type: PiiType, text: string, at: number): number {
  if (type === 'DOB') return dateEnd(text, at);
  // a password may end in "!" or "."; redacting a full stop too costs nothing; a link is not a password
  if (type === 'PASSWORD') {
    const lower = text.slice(at, at + 4).toLowerCase();
    return lower === 'http' || lower === 'www.' ? at : tokenEnd(text, at, ',;');
  }
  const end = tokenEnd(text, at);
  if (end === at) return at;
  const value = text.slice(at, end);
  let digits = 0;
  for (let k = 0; k < value.length; k++) if (isDigit(value.charCodeAt(k))) digits++;
  if (type === 'PASSPORT') return digits >= 6 && value.length <= 12 ? end : at;
  // ACCOUNT: a sort code (20-00-00) or an account number (6-10 digits), with the account number after a
  // sort code taken too ("sort code 20-00-00 account 55779911")
  if (digits < 6) return at;
  let k = end;
  for (const word of ACCOUNT_JOINERS) if (text.slice(k, k + word.length).toLowerCase() === word) k += word.length;
  if (text.charCodeAt(k) !== 32) return end;
  const next = tokenEnd(text, k + 1);
  const second = text.slice(k + 1, next);
  return second.length >= 6 && second.length <= 10 && [...second].every((ch) => isDigit(ch.charCodeAt(0))) ? next : end;
}

/**
 * Dates of birth, passport numbers, sort codes and account numbers, and passwords or PINs, found by the
 * words that introduce them ("DOB 04/07/1985", "passport number 123456789", "sort code 20-00-00 account
 * 55779911", "my password is Summer2024!"). One pass; each value is bounded in length.
 */
/** `lower` is `text` lower-cased with every index kept (`lowerSameLength`). */
export function scanIntroducedIds(text: string, out: PiiSpan[], lower: string): void {
  for (let i = 0; i < lower.length; i++) {
    if (!isLetter(lower.charCodeAt(i)) || !atWordStart(lower, i)) continue;
    const candidates = BY_FIRST.get(lower[i]!);
    if (!candidates) continue;
    const intro = candidates.find((x) => lower.startsWith(x.words, i) && !isLetter(lower.charCodeAt(i + x.words.length)));
    if (!intro) continue;
    // "reset your password: <link>" is an instruction, not a secret
    if (intro.type === 'PASSWORD' && INSTRUCTING.has(wordBefore(lower, i))) continue;
    let at = i + intro.words.length;
    for (let guard = 0; guard < 4 && at - i - intro.words.length < GAP; guard++) {
      const filler = FILLERS.find((f) => lower.startsWith(f, at) && !isLetter(lower.charCodeAt(at + f.length)));
      if (!filler) break;
      at += filler.length;
    }
    while (lower[at] === ' ') at++;
    const end = valueEnd(intro.type, text, at);
    if (end <= at) continue;
    out.push({ type: intro.type, start: at, end });
    i = end;
  }
}
