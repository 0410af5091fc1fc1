import { atWordEnd, before, containsWord, isAlnum, isDigit, luhnValid } from './chars.ts';
import phrases from './phrases.json' with { type: 'json' };
import type { PiiSpan } from './types.ts';

const MAX_GROUPS = 16;
const CONTEXT = 32;
const NEAR = 20;
const US_STATES = new Set(phrases.usStates);

interface Run {
  start: number;
  end: number;
  plus: boolean;
  paren: boolean;
  groups: string[];
  seps: string[];
}

/** Phones, payment cards, US SSNs, IPv4 addresses and US ZIP codes: one pass over runs of digits and separators. */
export function scanNumbers(text: string, out: PiiSpan[]): void {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const startsRun = isDigit(c) || ((c === 43 || c === 40) && isDigit(text.charCodeAt(i + 1)));
    if (!startsRun || !leftBoundary(text, i)) {
      i++;
      continue;
    }
    const run = readRun(text, i);
    const type = classify(text, run);
    if (type) out.push({ type, start: run.start, end: run.end });
    i = Math.max(run.end, i + 1);
  }
}

function leftBoundary(text: string, i: number): boolean {
  if (i === 0) return true;
  const p = text.charCodeAt(i - 1);
  if (isAlnum(p)) return false;
  if (p === 35 && before(text, i - 1, 3) === 'ssn') return true;
  // "#123", "ORD-123", "v1.2", "£12", "$4", "_9", "/2024" belong to something else.
  return !'#_/@$£€%.-:'.includes(text[i - 1]!) || (p === 45 && (i < 2 || text.charCodeAt(i - 2) === 32));
}

function readRun(text: string, start: number): Run {
  const run: Run = { start, end: start, plus: false, paren: false, groups: [], seps: [] };
  let j = start;
  if (text.charCodeAt(j) === 43) {
    run.plus = true;
    j++;
  }
  while (j < text.length && run.groups.length < MAX_GROUPS) {
    let open = false;
    if (text.charCodeAt(j) === 40) {
      open = true;
      j++;
    }
    const groupStart = j;
    while (j < text.length && isDigit(text.charCodeAt(j)) && j - groupStart < 20) j++;
    if (j === groupStart) break;
    run.groups.push(text.slice(groupStart, j));
    run.end = j;
    if (open) {
      if (text.charCodeAt(j) !== 41) break;
      run.paren = true;
      j++;
      run.end = j;
    }
    const sep = text[j];
    if (sep === ' ' || sep === '-' || sep === '.' || sep === '/') {
      const next = text.charCodeAt(j + 1);
      if (!(isDigit(next) || (next === 40 && isDigit(text.charCodeAt(j + 2))))) break;
      run.seps.push(sep);
      j++;
    } else if (run.paren && open && isDigit(text.charCodeAt(j))) {
      run.seps.push('');
    } else break;
  }
  return run;
}

function classify(text: string, run: Run): PiiSpan['type'] | undefined {
  const g = run.groups;
  const plain = !run.plus && !run.paren;
  const sepSet = new Set(run.seps);
  if (plain && g.length === 4 && sepSet.size === 1 && sepSet.has('.') && g.every((x) => x.length <= 3)) {
    const port = text[run.end] === ':' && isDigit(text.charCodeAt(run.end + 1));
    return (port || rightBoundary(text, run.end)) && g.every((x) => x.length <= 3 && Number(x) <= 255)
      ? 'IP'
      : undefined;
  }
  if (!rightBoundary(text, run.end)) return undefined;
  const digits = g.join('');
  const n = digits.length;
  if (looksLikeDate(g, run.seps)) return undefined;
  // a card however it is split (dots, slashes, odd groups) when its digits pass the Luhn check
  if (
    plain &&
    n >= 13 &&
    n <= 19 &&
    g.length > 1 &&
    g.every((x) => x.length >= 2 && x.length <= 6) &&
    !sepSet.has(' ') &&
    luhnValid(digits) &&
    !cardGroups(g)
  )
    return 'CARD';
  if (sepSet.has('/')) return plain && n >= 13 && n <= 19 && luhnValid(digits) ? 'CARD' : undefined;
  if (
    sepSet.has('.') &&
    !(sepSet.size === 1 && g.length === 3 && g[0]!.length === 3 && g[1]!.length === 3 && g[2]!.length === 4)
  ) {
    // dotted phones: "07700.900.123", "+44.20.7946.0018"; other dotted digits are versions and amounts
    const dottedPhone =
      sepSet.size === 1 &&
      (run.plus || g[0]!.startsWith('0')) &&
      n >= 10 &&
      n <= 13 &&
      g.length >= 3 &&
      g.every((x) => x.length >= 2);
    if (plain && sepSet.size === 1 && n >= 13 && n <= 19 && luhnValid(digits) && g.length > 1) return 'CARD';
    return dottedPhone ? 'PHONE' : undefined;
  }
  if (plain && isSsn(g, run.seps, text, run.start)) return 'SSN';
  if (plain && isZip(g, run.seps, text, run.start)) return 'POSTCODE';
  if (
    plain &&
    n >= 13 &&
    n <= 19 &&
    run.seps.every((s) => s === ' ' || s === '-') &&
    cardGroups(g) &&
    luhnValid(digits) &&
    !(g.length === 1 && negativeContext(text, run.start))
  )
    return 'CARD';
  if (plain && n === 16 && g.length === 4 && cardGroups(g) && namedCard(text, run.start)) return 'CARD';
  if (isPhone(text, run, n)) return 'PHONE';
  return undefined;
}

/** How near a card's name must sit for a number that fails the Luhn check to count as a card all the same. */
const CARD_NAMED_WITHIN = 16;

/** A mistyped or test card is still a card when it is named as one ("Card used: 4929 1234 5678 9012"). */
function namedCard(text: string, start: number): boolean {
  const context = before(text, start, CARD_NAMED_WITHIN);
  return phrases.cardContext.some((w) => containsWord(context, w));
}

function rightBoundary(text: string, end: number): boolean {
  if (!atWordEnd(text, end)) return false;
  const c = text[end];
  if (c === '@' || c === '%' || c === '/') return false;
  return !((c === '.' || c === ',' || c === ':' || c === '-') && isDigit(text.charCodeAt(end + 1)));
}

function isSsn(g: string[], seps: string[], text: string, start: number): boolean {
  if (g.length === 3 && g[0]!.length === 3 && g[1]!.length === 2 && g[2]!.length === 4 && seps[0] === seps[1])
    return ssnParts(g[0]!, g[1]!, g[2]!);
  if (g.length === 1 && g[0]!.length === 9) {
    const context = before(text, start, CONTEXT);
    return (
      phrases.ssnContext.some((w) => containsWord(context, w)) &&
      ssnParts(g[0]!.slice(0, 3), g[0]!.slice(3, 5), g[0]!.slice(5))
    );
  }
  return false;
}

function ssnParts(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

function isZip(g: string[], seps: string[], text: string, start: number): boolean {
  const shaped =
    (g.length === 1 && g[0]!.length === 5) ||
    (g.length === 2 && g[0]!.length === 5 && g[1]!.length === 4 && seps[0] === '-');
  if (!shaped) return false;
  const state = text.slice(Math.max(0, start - 3), start);
  if (
    state.length === 3 &&
    state[2] === ' ' &&
    US_STATES.has(state.slice(0, 2)) &&
    (start < 4 || !isAlnum(text.charCodeAt(start - 4)))
  )
    return true;
  const context = before(text, start, 16);
  return phrases.zipContext.some((w) => containsWord(context, w));
}

function looksLikeDate(g: string[], seps: string[]): boolean {
  for (let k = 0; k + 2 < g.length; k++) {
    if (seps[k] !== seps[k + 1] || seps[k] === ' ') continue;
    const [a, b, c] = [g[k]!.length, g[k + 1]!.length, g[k + 2]!.length];
    if ((a === 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && c === 4)) return true;
  }
  return false;
}

/** 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4, or one unbroken block. */
function cardGroups(g: string[]): boolean {
  if (g.length === 1) return true;
  const lengths = g.map((x) => x.length).join('-');
  if (lengths === '4-6-5' || lengths === '4-6-4') return true;
  return g.slice(0, -1).every((x) => x.length === 4) && g[g.length - 1]!.length >= 1 && g[g.length - 1]!.length <= 4;
}

function isPhone(text: string, run: Run, n: number): boolean {
  const international = run.plus || (run.groups[0]!.startsWith('00') && n >= 11 && !negativeContext(text, run.start));
  if (n < (run.plus ? 8 : 10) || n > 15) return false;
  if (run.groups.some((x) => x.length > 8)) {
    if (run.groups.length > 1 && !international) return false;
  }
  if (international || run.paren) return true;
  const context = before(text, run.start, CONTEXT);
  // digits spoken or typed one by one: "0 7 7 0 0 9 0 0 1 2 3"
  if (run.groups.length >= 8 && run.groups.every((x) => x.length === 1) && !negativeContext(text, run.start))
    return run.groups[0] === '0' || hasPhoneContext(context);
  if (run.groups.length > 1) {
    if (negativeContext(text, run.start)) return false;
    return (
      phoneShaped(run.groups, run.seps) ||
      (run.groups.every((x) => x.length >= 2 && x.length <= 4) && hasPhoneContext(context))
    );
  }
  // An unbroken block of digits is an identifier unless it reads as a phone: a UK mobile, or phone words nearby.
  if (run.groups[0]!.startsWith('07') && n === 11) return true;
  if (negativeContext(text, run.start)) return false;
  return run.groups[0]!.startsWith('0') || hasPhoneContext(context);
}

/** National layouts: US 3-3-4 (optionally after 1), or a trunk 0 followed by groups of 2-6 digits (UK, FR, DE, AU, IN ...). */
function phoneShaped(g: string[], seps: string[]): boolean {
  const lengths = g.map((x) => x.length).join('-');
  const sameSeps = seps.every((s) => s === seps[0]);
  if (sameSeps && (lengths === '3-3-4' || (lengths === '1-3-3-4' && g[0] === '1'))) return true;
  return g[0]!.startsWith('0') && g.length <= 5 && g[0]!.length <= 6 && g.every((x) => x.length >= 2 && x.length <= 8);
}

function hasPhoneContext(context: string): boolean {
  return phrases.phoneContext.some((w) => containsWord(context, w));
}

const NEGATIVE = new Set(phrases.notPhoneContext);
const FILLER = new Set(['number', 'no', 'num', 'nr', 'code']);

/** "order 1234567890", "tracking no. ...", "Policy #..." - the nearest word before the digits names an identifier. */
function negativeContext(text: string, start: number): boolean {
  const window = before(text, start, NEAR + 20);
  if (/#\s*$/.test(window.slice(-3))) return true;
  let end = window.length;
  for (let words = 0; words < 4; words++) {
    while (end > 0 && !isAlnum(window.charCodeAt(end - 1))) end--;
    let begin = end;
    while (begin > 0 && isAlnum(window.charCodeAt(begin - 1))) begin--;
    if (begin === end) return false;
    const word = window.slice(begin, end);
    if (NEGATIVE.has(word)) return true;
    if (!FILLER.has(word)) return false;
    end = begin;
  }
  return false;
}
