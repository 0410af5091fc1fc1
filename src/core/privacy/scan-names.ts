import { atWordStart, isCapital, isDigit, isLetter, isUpper } from './chars.ts';
import nameWords from './name-words.json' with { type: 'json' };
import phrases from './phrases.json' with { type: 'json' };
import { letterRunEnd, PhraseIndex } from './phrase-index.ts';
import type { PiiSpan } from './types.ts';

const STOP = new Set(phrases.nameStopwords);
const NOT_NAMES = new Set(phrases.notNames);
const STRICT = new Set(phrases.strictNameTriggers);
const TITLES = new Set(phrases.titles);
const TITLE_WORDS = new PhraseIndex(phrases.titles, (t) => t);
const SUFFIXES = new Set(phrases.streetSuffixes);
const STREET_STOP = new Set(phrases.streetStopwords);
const FIRST_NAMES = new Set(nameWords.firstNames);
const COMMON = new Set(nameWords.commonWords);
const AMBIGUOUS = new Set(nameWords.ambiguousNames);
/** Brands and characters named after people ("John Lewis", "Ted Baker"), by their first word. */
const NOT_NAME_PHRASES = new Map<string, string[]>();
for (const phrase of phrases.notNamePhrases)
  NOT_NAME_PHRASES.set(phrase.split(' ')[0]!, [...(NOT_NAME_PHRASES.get(phrase.split(' ')[0]!) ?? []), phrase]);

type Kind = 'loose' | 'strict' | 'label' | 'signoff';
/** Every phrase that may introduce a name, longest first, by its first word. */
const triggers: Array<{ words: string; kind: Kind }> = [
  ...phrases.nameTriggers.map((words) => ({ words, kind: (STRICT.has(words) ? 'strict' : 'loose') as Kind })),
  ...phrases.nameLabels.map((words) => ({ words, kind: 'label' as Kind })),
  ...phrases.signOffs.map((words) => ({ words, kind: 'signoff' as Kind })),
];
const TRIGGERS = new PhraseIndex(
  triggers.sort((a, b) => b.words.length - a.words.length),
  (t) => t.words,
);
/** Characters that may sit between a sign-off or a label and the name after it. */
const SEPARATORS = ' ,:;!.-\u2013\u2014\n\r\t';

interface Word {
  start: number;
  end: number;
  text: string;
  lower: string;
}

/** The word (letters, apostrophes, hyphens) starting at i, skipping up to three spaces before it; undefined when none. */
function wordAt(text: string, i: number): Word | undefined {
  let start = i;
  while (start < text.length && start - i < 3 && text.charCodeAt(start) === 32) start++;
  let end = start;
  while (end < text.length && end - start < 40) {
    const c = text.charCodeAt(end);
    if (isLetter(c) || ((c === 39 || c === 45 || c === 0x2019) && isLetter(text.charCodeAt(end + 1)))) end++;
    else break;
  }
  if (end === start) return undefined;
  const word = text.slice(start, end);
  return { start, end, text: word, lower: word.toLowerCase() };
}

/** A capitalised word that reads as a name: a known first name, or a word that is neither common English nor a stop word. */
function nameLike(word: Word): boolean {
  if (!isCapital(word.text.charCodeAt(0)) || word.text.length < 2 || STOP.has(word.lower) || NOT_NAMES.has(word.lower))
    return false;
  return FIRST_NAMES.has(word.lower) || !COMMON.has(word.lower.endsWith("'s") ? word.lower.slice(0, -2) : word.lower);
}

/** "R." or "J.": an initial, as in "R. Singh"; its end after the dot, or -1. */
function initialEnd(text: string, i: number): number {
  return isUpper(text.charCodeAt(i)) && text.charCodeAt(i + 1) === 46 && !isLetter(text.charCodeAt(i + 2)) ? i + 2 : -1;
}

const allUpper = (word: string) => word.length > 1 && word === word.toUpperCase();

/**
 * The end of up to `more` further capitalised words (or initials) right after `end`, one space apart; after a
 * word in title case an all-capitals word is not taken ("Archer AX55" is a model).
 */
function extendCapitalised(text: string, end: number, more: number, shouting = false): number {
  for (let k = 0; k < more; k++) {
    if (text.charCodeAt(end) !== 32) break;
    const initial = initialEnd(text, end + 1);
    if (initial !== -1) {
      end = initial;
      continue;
    }
    const next = wordAt(text, end);
    if (
      !next ||
      next.start !== end + 1 ||
      !isCapital(next.text.charCodeAt(0)) ||
      STOP.has(next.lower) ||
      NOT_NAMES.has(next.lower)
    )
      break;
    if (allUpper(next.text) && !shouting) break;
    end = next.end;
  }
  return end;
}

/** A name starting at `at`: initials or a capitalised word that reads as a name, then up to three more capitalised words. */
function capitalisedName(text: string, at: number, needNameLike: boolean): [number, number] | undefined {
  const initial = initialEnd(text, at);
  if (initial !== -1) {
    const end = extendCapitalised(text, initial, 3);
    return end > initial ? [at, end] : undefined;
  }
  const first = wordAt(text, at);
  if (!first || first.start !== at || !isCapital(first.text.charCodeAt(0))) return undefined;
  if (
    needNameLike
      ? !nameLike(first) && !ambiguousEndingClause(text, first)
      : STOP.has(first.lower) || NOT_NAMES.has(first.lower) || first.text.length < 2
  )
    return undefined;
  return [at, extendCapitalised(text, first.end, 3, allUpper(first.text))];
}

/** "I'm Rose and…", "This is Grace Evans": a first name that is also a word, taken with a surname or when the clause ends right after it. */
function ambiguousEndingClause(text: string, word: Word): boolean {
  if (!AMBIGUOUS.has(word.lower)) return false;
  const surname = wordAt(text, word.end);
  if (
    surname &&
    surname.start === word.end + 1 &&
    isCapital(surname.text.charCodeAt(0)) &&
    !STOP.has(surname.lower) &&
    !NOT_NAMES.has(surname.lower)
  )
    return true;
  const rest = text.slice(word.end, word.end + 10).toLowerCase();
  return rest === '' || ',.!;\n'.includes(rest[0]!) || /^ (and|here|from|again|calling|speaking)\b/.test(rest);
}

/** Whether a brand named after a person starts here ("John Lewis"). */
function brandAt(lower: string, i: number, word: Word): boolean {
  return (NOT_NAME_PHRASES.get(word.lower.replace(/'s$/, '')) ?? []).some((phrase) => lower.startsWith(phrase, i));
}

/** "PATEL, RAJESH" or "Fitzgerald, Niamh": a surname, a comma, and a forename in the same case; its end, or -1. */
function surnameCommaForename(text: string, first: Word, upperOnly: boolean): number {
  if (text.charCodeAt(first.end) !== 44 || text.charCodeAt(first.end + 1) !== 32) return -1;
  const second = wordAt(text, first.end + 1);
  if (!second || second.start !== first.end + 2 || STOP.has(second.lower) || NOT_NAMES.has(second.lower)) return -1;
  const shouting = allUpper(second.text) && allUpper(first.text);
  if (shouting && (FIRST_NAMES.has(second.lower) || !COMMON.has(second.lower)))
    return extendCapitalised(text, second.end, 2, true);
  return !upperOnly && FIRST_NAMES.has(second.lower) && isCapital(second.text.charCodeAt(0)) ? second.end : -1;
}

/** The name after a trigger phrase ending at `at`, by the kind of phrase; undefined when what follows is not a name. */
function nameAfter(text: string, at: number, kind: Kind): [number, number] | undefined {
  let start = at;
  if (kind === 'signoff' || kind === 'label') {
    while (start < text.length && start - at < 8 && SEPARATORS.includes(text[start]!)) start++;
    const gap = text.slice(at, start);
    // "Best Buy", "from Amazon": a sign-off or label counts only with punctuation or a line break after it
    if (
      kind === 'signoff' &&
      start < text.length &&
      !/[,\n!\-\u2013\u2014]/.test(gap) &&
      !FIRST_NAMES.has(wordAt(text, start)?.lower ?? '')
    )
      return undefined;
    if (kind === 'label' && !gap.includes(':') && !gap.includes('-')) {
      // "Name Wendy Clarke" is a label without its colon; "from Sainsbury's" is not
      if (!/name|holder/.test(text.slice(Math.max(0, at - 12), at).toLowerCase())) return undefined;
      kind = 'strict';
    }
  } else {
    if (text[start] === ',' || text[start] === ':') start++;
    if (text.charCodeAt(start) !== 32) return undefined;
    while (text.charCodeAt(start) === 32 && start - at < 4) start++;
  }
  const first = wordAt(text, start);
  if (first && first.start === start && kind === 'label') {
    const comma = surnameCommaForename(text, first, false);
    if (comma !== -1) return [start, comma];
  }
  const capital = capitalisedName(text, start, kind === 'strict' || kind === 'signoff');
  if (capital) return capital;
  if (
    !first ||
    first.start !== start ||
    STOP.has(first.lower) ||
    NOT_NAMES.has(first.lower) ||
    isCapital(first.text.charCodeAt(0))
  )
    return undefined;
  // lower case: a known first name after any trigger; any word that is not a common one after "my name is" or "Name:"
  const known = FIRST_NAMES.has(first.lower);
  if (!known && (kind === 'strict' || kind === 'signoff' || COMMON.has(first.lower))) return undefined;
  const second = wordAt(text, first.end);
  // "my name is jane doe": any second word after an introduction; after "this is jane" only an uncommon one
  const surname =
    second &&
    second.start === first.end + 1 &&
    !STOP.has(second.lower) &&
    ((kind !== 'strict' && kind !== 'signoff') || !COMMON.has(second.lower));
  if (surname) return [start, second.end];
  return [start, first.end];
}

/** The name that a title starts ("Mrs Patel", "Dr. A. Okafor"); its span from the title, or undefined. */
function titledName(text: string, title: Word): [number, number] | undefined {
  let after = title.end;
  if (text[after] === '.') after++;
  if (text.charCodeAt(after) !== 32) return undefined;
  const span = capitalisedName(text, after + 1, false);
  return span ? [title.start, span[1]] : undefined;
}

/**
 * Names, found by how people introduce them: "my name is Jane Smith", "this is Tom", "I'm Priya", "Aoife here",
 * "Name: PATEL, RAJESH", a title ("Mrs Patel"), a sign-off ("Kind regards,\nAlison Pryce"), a known first name
 * with a surname ("Karen Moss"), and a name alone on the last line of a message. One pass over word starts;
 * every look-ahead is bounded.
 */
export function scanNames(text: string, out: PiiSpan[], lower: string): void {
  for (let i = 0; i < text.length; i++) {
    if (!isLetter(text.charCodeAt(i)) || !atWordStart(text, i)) continue;
    const run = letterRunEnd(lower, i);
    const span = nameAt(text, lower, i, run);
    if (span) {
      out.push({ type: 'NAME', start: span[0], end: span[1] });
      i = span[1];
    } else i = run - 1; // no word starts inside a run of letters
  }
  const last = lastLineName(text);
  if (last) out.push({ type: 'NAME', start: last[0], end: last[1] });
}

/** `lower` is `text` lower-cased with every index kept; `run` ends the letters starting at i. */
function nameAt(text: string, lower: string, i: number, run: number): [number, number] | undefined {
  if (TITLE_WORDS.at(lower, i, run)) {
    const title = wordAt(text, i)!;
    const titled = TITLES.has(title.lower) ? titledName(text, title) : undefined;
    if (titled) return titled;
  }
  for (const trigger of TRIGGERS.at(lower, i, run) ?? []) {
    const end = i + trigger.words.length;
    if (!lower.startsWith(trigger.words, i) || isLetter(text.charCodeAt(end))) continue;
    const span = nameAfter(text, end, trigger.kind);
    if (span) return span;
  }
  if (!isCapital(text.charCodeAt(i))) return undefined;
  const word = wordAt(text, i)!;
  // "PATEL, RAJESH" at the start of a line or after a colon
  if (
    i === 0 ||
    text.charCodeAt(i - 1) === 10 ||
    (i >= 2 && text.charCodeAt(i - 2) === 58 && text.charCodeAt(i - 1) === 32)
  ) {
    const comma = surnameCommaForename(text, word, true);
    if (comma !== -1) return [i, comma];
  }
  if (!nameLike(word) || brandAt(lower, i, word)) return undefined;
  const end = extendCapitalised(text, word.end, 3);
  // "Aoife here", "Nadia Haddad here"
  if (text.slice(end, end + 5).toLowerCase() === ' here' && !isLetter(text.charCodeAt(end + 5))) return [i, end];
  // a known first name with a surname: "Karen Moss", "Daniel Shapiro"
  if (end > word.end && FIRST_NAMES.has(word.lower)) return [i, end];
  return undefined;
}

const SENT_FROM = /^(sent from|get outlook|--)/i;

/** A name alone on the last line of a message of several lines ("Cheers\nDanny", "— Ravi"), before any "Sent from my iPhone". */
function lastLineName(text: string): [number, number] | undefined {
  if (text.indexOf('\n') === -1) return undefined;
  let end = text.length;
  for (let guard = 0; guard < 3; guard++) {
    let start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    const trimmed = line.trim();
    if (trimmed.length > 60) return undefined;
    if (trimmed === '' || SENT_FROM.test(trimmed) || /^[+(\d][\d ()+.-]{6,}$/.test(trimmed)) {
      if (start === 0) return undefined;
      end = start - 1;
      continue;
    }
    start += line.length - line.trimStart().length;
    while ('-\u2013\u2014~ '.includes(text[start] ?? '')) start++;
    const span = capitalisedName(text, start, false);
    if (
      !span ||
      span[1] !==
        start +
          text
            .slice(start, end)
            .trimEnd()
            .replace(/[.!,]$/, '').length
    )
      return undefined;
    const first = wordAt(text, start);
    if (!first) return undefined;
    const dashed = start > 0 && '-\u2013\u2014'.includes(text[start - 1] ?? '');
    const previous = text
      .slice(Math.max(0, text.lastIndexOf('\n', start - 2)), start)
      .trim()
      .toLowerCase()
      .replace(/[,.!]$/, '');
    const afterSignOff = phrases.signOffs.some((s) => previous === s || previous.endsWith(' ' + s));
    // "Mark Doyle": a first name that is also a word ("mark", "will") counts with a surname that is not one
    const second = wordAt(text, first.end + 1);
    const withSurname =
      AMBIGUOUS.has(first.lower) &&
      second !== undefined &&
      second.start === first.end + 1 &&
      nameLike(second) &&
      !COMMON.has(second.lower);
    return FIRST_NAMES.has(first.lower) || dashed || withSurname || (afterSignOff && nameLike(first))
      ? span
      : undefined;
  }
  return undefined;
}

/** Street addresses: a house number (221B) then up to four words ending in a street suffix ("Baker Street", "Elm Rd"). */
export function scanStreets(text: string, out: PiiSpan[]): void {
  for (let i = 0; i < text.length; i++) {
    if (!isDigit(text.charCodeAt(i)) || !atWordStart(text, i)) continue;
    let j = i;
    while (j < text.length && j - i < 5 && isDigit(text.charCodeAt(j))) j++;
    if (isDigit(text.charCodeAt(j))) {
      i = j;
      continue;
    }
    if (isLetter(text.charCodeAt(j)) && !isLetter(text.charCodeAt(j + 1))) j++;
    if (text.charCodeAt(j) !== 32) {
      i = j;
      continue;
    }
    let end = j;
    let words = 0;
    let found = -1;
    while (words < 5) {
      const word = wordAt(text, end);
      if (!word || word.start !== end + 1) break;
      if (words > 0 && SUFFIXES.has(word.lower)) {
        found = word.end;
        if (text[found] === '.') found++;
        break;
      }
      if (STREET_STOP.has(word.lower) || !isUpper(word.text.charCodeAt(0))) break;
      words++;
      end = word.end;
    }
    if (found !== -1) {
      out.push({ type: 'ADDRESS', start: i, end: found });
      i = found;
    } else i = j;
  }
}
