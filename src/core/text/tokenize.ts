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

/** An e-mail address or URL filling a non-space run (trailing punctuation excluded), else null. */
function specialChunk(text: string, start: number, end: number): { end: number; kind: TokenKind } | null {
  if (end - start < 4) return null;
  const c = text.charCodeAt(start) | 0x20;
  const maybeUrl = (c === 104 /* h */ || c === 119) /* w */ && looksLikeUrl(text, start);
  const at = maybeUrl ? -1 : text.indexOf('@', start);
  if (!maybeUrl && (at < 0 || at >= end)) return null;
  let e = end;
  while (e > start && !isLetter(text.charCodeAt(e - 1)) && !isDigit(text.charCodeAt(e - 1)) && text.charCodeAt(e - 1) !== 47) e--;
  if (maybeUrl) return { end: e, kind: 'url' };
  // local@domain.tld: something before the @, one @, and a dot after it with something on each side
  const dot = text.indexOf('.', at + 2);
  const second = text.indexOf('@', at + 1);
  if (at > start && dot > 0 && dot < e - 1 && (second < 0 || second >= e)) return { end: e, kind: 'email' };
  return null;
}

function foldApostrophes(s: string): string {
  return s.includes('\u2019') || s.includes('\u2018') ? s.replace(/[\u2018\u2019]/g, "'") : s;
}

/** Splits text into tokens with offsets and sentence indices. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let sentence = 0;
  let i = 0;
  // each run of non-space characters is classified once (email, url or ordinary) to stay linear
  let chunkStop = -1;
  // lower-case once; per token only when case mapping changes lengths (e.g. "İ"), so offsets stay exact
  const lower = text.toLowerCase();
  const sameLength = lower.length === n;
  const push = (start: number, end: number, kind: TokenKind) => {
    const norm = sameLength ? lower.slice(start, end) : text.slice(start, end).toLowerCase();
    tokens.push({ norm: kind === 'word' ? foldApostrophes(norm) : norm, start, end, kind, sentence });
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      // a blank line ends a sentence, as in chat messages without punctuation
      if (c === 10 && i + 1 < n && text.charCodeAt(i + 1) === 10 && tokens.length) sentence++;
      i++;
      continue;
    }
    if (i > chunkStop) {
      chunkStop = chunkEnd(text, i);
      const special = specialChunk(text, i, chunkStop);
      if (special) {
        push(i, special.end, special.kind);
        i = special.end;
        continue;
      }
    }
    if (isLetter(c) || isDigit(c)) {
      let j = i;
      let digits = 0;
      let letters = 0;
      while (j < n && j - i < MAX_TOKEN) {
        const d = text.charCodeAt(j);
        if (isLetter(d)) letters++;
        else if (isDigit(d)) digits++;
        else if (d === 64 /* @ */) break;
        else if (isApostrophe(d) && letters > 0 && j + 1 < n && isLetter(text.charCodeAt(j + 1))) {
          /* it's, don't, O'Neil */
        } else if (isNumberJoiner(d) && digits > 0 && letters === 0 && j + 1 < n && isDigit(text.charCodeAt(j + 1))) {
          /* 3.5, 12/03 */
        } else if (d === 45 && letters > 0 && j + 1 < n && isLetter(text.charCodeAt(j + 1))) {
          /* well-known, e-mail */
        } else break;
        j++;
      }
      push(i, j, letters === 0 ? 'number' : 'word');
      i = j;
      continue;
    }
    const width = isHighSurrogate(c) && i + 1 < n ? 2 : 1;
    const kind: TokenKind = c < 128 || c === 0x2026 || (c >= 0x2010 && c <= 0x2027) ? 'punct' : 'symbol';
    push(i, i + width, kind);
    i += width;
    // "..." or "?!" end one sentence, not three: count only the last mark of a run before a space
    if (isSentenceEnd(c) && (i === n || isSpace(text.charCodeAt(i)))) sentence++;
  }
  return tokens;
}
