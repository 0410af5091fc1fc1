import { isAlnum } from './chars.ts';
import phrases from './phrases.json' with { type: 'json' };
import type { PiiSpan } from './types.ts';

/** How people spell "@" and "." to dodge filters: "jane at gmail dot com", "jane(at)gmail[dot]com", "jane @ gmail.com". */
const AT = [' at ', '(at)', '[at]', '{at}', '<at>', ' @ ', ' @', '@ '];
/** Any of the markers in AT, in one native search ("@" covers the three spaced ones). */
const ANY_AT = /@| at |\(at\)|\[at\]|\{at\}|<at>/;
const DOT = [' dot ', '(dot)', '[dot]', '{dot}', '<dot>', ' (dot)', ' [dot]', ' {dot}', ' <dot>', ' . ', '.'];
const TLDS = new Set(phrases.emailTlds);
const LOCAL = /[a-z0-9._%+'-]/;
const NOT_LOCAL = new Set(phrases.notEmailLocal);
const MAIL_PROVIDERS = new Set(phrases.mailProviders);
/** Longest spelled address considered, so a stray "at" never starts an unbounded scan. */
const MAX_DOMAIN = 80;

function markerAt(lower: string, i: number, markers: readonly string[]): string | undefined {
  for (const m of markers) if (lower.startsWith(m, i)) return m;
  return undefined;
}

/**
 * Whether `lower` may hold a spelled address: one of the "@" markers, and a dot or "dot" (the scan finds
 * nothing otherwise), each a native substring search, so most turns skip the scan.
 */
export function mayHoldSpelledEmail(lower: string): boolean {
  return ANY_AT.test(lower) && (lower.includes('.') || lower.includes('dot'));
}

/** A run of letters, digits and hyphens from i (a domain label); its end. */
function labelEnd(lower: string, i: number): number {
  let j = i;
  while (j < lower.length && j - i < 63 && (isAlnum(lower.charCodeAt(j)) || lower[j] === '-')) j++;
  return j;
}

/**
 * E-mail addresses with the "@" or the dots spelled out or spaced. The domain must end in a known
 * top-level domain after at least one dot, so "meet me at the station" is never one.
 */
/** `lower` is `text` lower-cased with every index kept (`lowerSameLength`). */
export function scanSpelledEmails(text: string, out: PiiSpan[], lower: string): void {
  for (let i = 1; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    // most positions are letters; a marker starts with a space, "@" or a bracket, and a space one only before "a", "@" or a bracket
    if (c === 32) {
      const n = lower.charCodeAt(i + 1);
      if (n !== 97 && n !== 64 && n !== 40 && n !== 91 && n !== 123 && n !== 60) continue;
    } else if (c !== 64 && c !== 40 && c !== 91 && c !== 123 && c !== 60) continue;
    const at = markerAt(lower, i, AT);
    if (!at) continue;
    // "jane [at] gmail": a bracketed marker may stand one space after the name
    const localEnd = '([{<'.includes(at[0]!) && lower[i - 1] === ' ' ? i - 1 : i;
    let start = localEnd;
    while (start > 0 && localEnd - start < 64 && LOCAL.test(lower[start - 1]!)) start--;
    if (start === localEnd) continue;
    let j = i + at.length;
    while (lower[j] === ' ' && j - i - at.length < 2) j++;
    let end = labelEnd(lower, j);
    if (end === j) continue;
    let dots = 0;
    let spelledDot = false;
    let lastLabel = lower.slice(j, end);
    while (end - i < MAX_DOMAIN) {
      const dot = markerAt(lower, end, DOT);
      if (!dot) break;
      let k = end + dot.length;
      while (lower[k] === ' ' && k - end - dot.length < 2) k++;
      const next = labelEnd(lower, k);
      if (next === k) break;
      dots++;
      if (dot !== '.') spelledDot = true;
      lastLabel = lower.slice(k, next);
      end = next;
    }
    if (dots === 0 || !TLDS.has(lastLabel)) continue;
    // "at" is also a word ("we met at google.com"): a plain "at" needs a spelled dot, an address-like name
    // ("jane.doe", "jd85") or a mail provider ("jane at gmail.com")
    if (at === ' at ') {
      const local = lower.slice(start, localEnd);
      const addressLike = /[0-9._+]/.test(local) || MAIL_PROVIDERS.has(lower.slice(j, labelEnd(lower, j)));
      if (NOT_LOCAL.has(local) || !(spelledDot || addressLike)) continue;
    }
    out.push({ type: 'EMAIL', start, end });
    i = end;
  }
}
