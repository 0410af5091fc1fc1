import { isAlnum, isDigit, isLetter } from './chars.ts';
import { letterRunEnd, PhraseIndex } from './phrase-index.ts';
import nameWords from './name-words.json' with { type: 'json' };
import phrases from './phrases.json' with { type: 'json' };
import { lowerSameLength } from './normalize.ts';
import type { PiiSpan, PiiType } from './types.ts';

/**
 * A customer answering "can I take the account number?" with "here. 6612 0045", or "what's your memorable word?"
 * with "biscuit and 812", gives a secret that nothing in the answer itself introduces. The question says what it is.
 */
const REQUESTED = Object.entries(phrases.requestedSecrets as Record<string, string[]>).map(([type, words]) => ({
  type: type as 'ACCOUNT' | 'PASSWORD',
  words,
}));
/** Every secret phrase by its first word, so a question is read once, not once per phrase. */
const SECRET_PHRASES = new PhraseIndex(
  REQUESTED.flatMap(({ words }) => words),
  (phrase) => phrase,
);
const VERBS = phrases.requestVerbs;
const REFUSALS = phrases.notRequesting;
const DIGIT_WORDS = new Map(Object.entries(phrases.digitWords as Record<string, number>));
const PLAIN = new Set([...phrases.notSecretWords, ...nameWords.commonWords]);
/** A number followed by one of these is a quantity ("120 minutes", "300 pounds"), not an account. */
const UNITS = new Set(phrases.answerUnits);
/** An answer of at most this many words to a secret question is the secret, unless every word is a plain one. */
const SHORT_ANSWER_WORDS = 6;
/** Fewer digits than this are not an account number or a secret ("yes, 2 of them"). */
const MIN_DIGITS = 3;

/** Whether `phrase` occurs in `lower` as whole words. */
function hasWords(lower: string, phrase: string): number {
  for (let at = lower.indexOf(phrase); at !== -1; at = lower.indexOf(phrase, at + 1)) {
    if (
      (at === 0 || !isAlnum(lower.charCodeAt(at - 1))) &&
      (at + phrase.length >= lower.length || !isAlnum(lower.charCodeAt(at + phrase.length)))
    )
      return at;
  }
  return -1;
}

/** The sentence around position i: from the last stop before it to the next stop after it. */
function sentenceAround(lower: string, i: number): string {
  let start = i;
  while (start > 0 && !'.!?\n'.includes(lower[start - 1]!)) start--;
  let end = i;
  while (end < lower.length && !'.!?\n'.includes(lower[end]!)) end++;
  return lower.slice(start, Math.min(lower.length, end + 1));
}

/**
 * Where each secret phrase first occurs in `lower` as whole words (what `hasWords` finds), in one pass over the
 * word starts; a phrase not in the map does not occur.
 */
function firstSecretPhrases(lower: string): Map<string, number> {
  const first = new Map<string, number>();
  for (let i = 0; i < lower.length; i++) {
    if (!isLetter(lower.charCodeAt(i)) || (i > 0 && isAlnum(lower.charCodeAt(i - 1)))) continue;
    const run = letterRunEnd(lower, i);
    for (const phrase of SECRET_PHRASES.at(lower, i, run) ?? [])
      if (!first.has(phrase) && lower.startsWith(phrase, i) && !isAlnum(lower.charCodeAt(i + phrase.length)))
        first.set(phrase, i);
    i = run - 1; // no word starts inside a run of letters
  }
  return first;
}

/** The kinds of secret a turn asks the other party for: the phrase sits in a question or a request, not a warning ("never share your password"). */
export function requestedSecrets(question: string): ReadonlyArray<'ACCOUNT' | 'PASSWORD'> {
  // each customer turn within reach of one agent question asks about the same text: read it once
  if (question === lastQuestion) return lastAsked;
  lastAsked = secretsAskedIn(question);
  lastQuestion = question;
  return lastAsked;
}

let lastQuestion: string | undefined;
let lastAsked: ReadonlyArray<'ACCOUNT' | 'PASSWORD'> = [];

function secretsAskedIn(question: string): Array<'ACCOUNT' | 'PASSWORD'> {
  const lower = lowerSameLength(question);
  const asked: Array<'ACCOUNT' | 'PASSWORD'> = [];
  const first = firstSecretPhrases(lower);
  if (first.size === 0) return asked;
  for (const { type, words } of REQUESTED) {
    for (const phrase of words) {
      const at = first.get(phrase) ?? -1;
      if (at === -1) continue;
      const sentence = sentenceAround(lower, at);
      if (REFUSALS.some((r) => hasWords(sentence, r) !== -1)) continue;
      if (sentence.endsWith('?') || VERBS.some((v) => hasWords(sentence, v) !== -1)) {
        asked.push(type);
        break;
      }
    }
  }
  return asked;
}

interface Word {
  start: number;
  end: number;
  text: string;
}

function words(lower: string): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < lower.length;) {
    if (!isAlnum(lower.charCodeAt(i)) && lower[i] !== "'") {
      i++;
      continue;
    }
    const start = i;
    while (i < lower.length && (isAlnum(lower.charCodeAt(i)) || lower[i] === "'")) i++;
    out.push({ start, end: i, text: lower.slice(start, i) });
  }
  return out;
}

const digitCount = (w: string) => (/^[0-9]+$/.test(w) ? w.length : DIGIT_WORDS.has(w) ? 1 : 0);

/** Runs of digits and digit words ("6612 0045", "two zero, four five, seven seven") with at least MIN_DIGITS digits. */
function digitRuns(text: string, list: Word[], type: PiiType, found: PiiSpan[]): void {
  let run: Word[] = [];
  let digits = 0;
  const close = () => {
    if (digits >= MIN_DIGITS) found.push({ type, start: run[0]!.start, end: run.at(-1)!.end });
    run = [];
    digits = 0;
  };
  for (const word of list) {
    if (UNITS.has(word.text) && run.length > 0) {
      run = [];
      digits = 0;
    }
    const n = digitCount(word.text);
    const joined = run.length > 0 && /^[\s,.\-/]*$/.test(text.slice(run.at(-1)!.end, word.start));
    if (n === 0 || (run.length > 0 && !joined)) close();
    if (n > 0) {
      run.push(word);
      digits += n;
    }
  }
  close();
}

/**
 * Marks the secret in an answer to a turn that asked for one: the digit runs after an account-number question, and a
 * short answer to a memorable-word or password question as a whole. Linear in the answer's length.
 */
export function scanAnswer(scan: string, question: string, found: PiiSpan[]): void {
  const asked = requestedSecrets(question);
  if (asked.length === 0) return;
  const lower = lowerSameLength(scan);
  const list = words(lower);
  if (
    asked.includes('PASSWORD') &&
    list.length > 0 &&
    list.length <= SHORT_ANSWER_WORDS &&
    !list.every((w) => PLAIN.has(w.text) && !isDigit(w.text.charCodeAt(0)))
  ) {
    found.push({ type: 'PASSWORD', start: list[0]!.start, end: list.at(-1)!.end });
    return;
  }
  digitRuns(scan, list, asked.includes('ACCOUNT') ? 'ACCOUNT' : 'PASSWORD', found);
}
