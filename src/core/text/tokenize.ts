/**
 * A linear, allocation-light tokenizer with exact character offsets.
 * Hand-written rather than wink-nlp: wink's readDoc ran for over 120 s on 400 KB of "!?" (hostile
 * input must stay linear) and its 56k turns/s leaves no room in the 40k turns/s budget.
 */

import { isApostrophe, isDigit, isLetter, isSpace } from './chars.ts';

export const TOKEN_KINDS = ['word', 'number', 'punct', 'symbol', 'email', 'url'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface Token {
  /** Lower-cased, apostrophes folded to ASCII. */
  norm: string;
  start: number;
  end: number;
  kind: TokenKind;
  /** Index of the sentence the token belongs to. */
  sentence: number;
}

/** Longest token we keep whole; longer runs are split so no token can grow without bound. */
const MAX_TOKEN = 64;

const isSentenceEnd = (c: number) => c === 46 || c === 33 || c === 63 || c === 0x2026;
/** Characters that may continue a number: 3.5, 1,200, 12/03, 9:30, 10-12. */
const isNumberJoiner = (c: number) => c === 46 || c === 44 || c === 47 || c === 58 || c === 45;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** End of a run of non-space characters. */
function chunkEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

function looksLikeUrl(text: string, i: number): boolean {
  const head = text.slice(i, i + 8).toLowerCase();
  return head.startsWith('http://') || head.startsWith('https://') || head.startsWith('www.');
}

/**
 * An e-mail address or URL filling a non-space run (trailing punctuation excluded), else null.
 * `at` is the first "@" at or after `start` (or -1); every search stays inside the run, so the tokenizer stays linear.
 */
function specialChunk(
  text: string,
  start: number,
  end: number,
  at: number,
  maybeUrl: boolean,
): { end: number; kind: TokenKind } | null {
  if (end - start < 4) return null;
  if (!maybeUrl && (at < 0 || at >= end)) return null;
  let e = end;
  while (
    e > start &&
    !isLetter(text.charCodeAt(e - 1)) &&
    !isDigit(text.charCodeAt(e - 1)) &&
    text.charCodeAt(e - 1) !== 47
  )
    e--;
  if (maybeUrl) return { end: e, kind: 'url' };
  // local@domain.tld: something before the @, one @, and a dot after it with something on each side
  let dot = at + 2;
  while (dot < e - 1 && text.charCodeAt(dot) !== 46) dot++;
  let second = at + 1;
  while (second < e && text.charCodeAt(second) !== 64) second++;
  if (at > start && dot < e - 1 && second >= e) return { end: e, kind: 'email' };
  return null;
}

/**
 * A token's norm: lower-cased (cut from `lower`, the whole text lower-cased, when that kept its length), curly apostrophes folded.
 * A module function rather than a closure per call: tsx's keepNames makes every closure cost a defineProperty.
 */
function normOf(text: string, lower: string | null, start: number, end: number, curly: boolean): string {
  const norm = lower ? lower.slice(start, end) : text.slice(start, end).toLowerCase();
  return curly ? norm.replace(/[\u2018\u2019]/g, "'") : norm;
}

/** Splits text into tokens with offsets and sentence indices. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let sentence = 0;
  let i = 0;
  // the next "@" at or after i: found by one forward search, so runs without one are never scanned for it
  let nextAt = text.indexOf('@');
  // lower-case once; per token only when case mapping changes lengths (e.g. "İ"), so offsets stay exact
  const lower = text.toLowerCase();
  const whole = lower.length === n ? lower : null;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      // a blank line ends a sentence, as in chat messages without punctuation
      if (c === 10 && i + 1 < n && text.charCodeAt(i + 1) === 10 && tokens.length) sentence++;
      i++;
      continue;
    }
    // the first token of each run of non-space characters decides whether the run is an e-mail address or URL
    if (i === 0 || isSpace(text.charCodeAt(i - 1))) {
      if (nextAt >= 0 && nextAt < i) nextAt = text.indexOf('@', i);
      const h = c | 0x20;
      const maybeUrl = (h === 104 /* h */ || h === 119) /* w */ && looksLikeUrl(text, i);
      if (maybeUrl || nextAt >= 0) {
        const special = specialChunk(text, i, chunkEnd(text, i), maybeUrl ? -1 : nextAt, maybeUrl);
        if (special) {
          tokens.push({
            norm: normOf(text, whole, i, special.end, false),
            start: i,
            end: special.end,
            kind: special.kind,
            sentence,
          });
          i = special.end;
          continue;
        }
      }
    }
    if (isLetter(c) || isDigit(c)) {
      let j = i;
      let digits = 0;
      let letters = 0;
      let curly = false;
      while (j < n && j - i < MAX_TOKEN) {
        const d = text.charCodeAt(j);
        if (isLetter(d)) letters++;
        else if (isDigit(d)) digits++;
        else if (d === 64 /* @ */) break;
        else if (isApostrophe(d) && letters > 0 && j + 1 < n && isLetter(text.charCodeAt(j + 1))) {
          // it's, don't, O'Neil; curly apostrophes are folded to ASCII in the norm
          curly ||= d !== 39;
        } else if (isNumberJoiner(d) && digits > 0 && letters === 0 && j + 1 < n && isDigit(text.charCodeAt(j + 1))) {
          /* 3.5, 12/03 */
        } else if (d === 45 && letters > 0 && j + 1 < n && isLetter(text.charCodeAt(j + 1))) {
          /* well-known, e-mail */
        } else break;
        j++;
      }
      tokens.push({
        norm: normOf(text, whole, i, j, curly),
        start: i,
        end: j,
        kind: letters === 0 ? 'number' : 'word',
        sentence,
      });
      i = j;
      continue;
    }
    const width = isHighSurrogate(c) && i + 1 < n ? 2 : 1;
    const kind: TokenKind = c < 128 || c === 0x2026 || (c >= 0x2010 && c <= 0x2027) ? 'punct' : 'symbol';
    tokens.push({ norm: normOf(text, whole, i, i + width, false), start: i, end: i + width, kind, sentence });
    i += width;
    // "..." or "?!" end one sentence, not three: count only the last mark of a run before a space
    if (isSentenceEnd(c) && (i === n || isSpace(text.charCodeAt(i)))) sentence++;
  }
  return tokens;
}
