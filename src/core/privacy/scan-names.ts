import { atWordStart, isDigit, isLetter, isUpper } from './chars.ts';
import phrases from './phrases.json' with { type: 'json' };
import type { PiiSpan } from './types.ts';

const STOP = new Set(phrases.nameStopwords);
const STRICT = new Set(phrases.strictNameTriggers);
const TITLES = new Set(phrases.titles);
const TITLE_FIRSTS = new Set(phrases.titles.map((t) => t[0]!));
const SUFFIXES = new Set(phrases.streetSuffixes);
const STREET_STOP = new Set(phrases.streetStopwords);
const TRIGGERS_BY_FIRST = new Map<string, string[]>();
for (const trigger of [...phrases.nameTriggers].sort((a, b) => b.length - a.length)) {
  const list = TRIGGERS_BY_FIRST.get(trigger[0]!) ?? [];
  list.push(trigger);
  TRIGGERS_BY_FIRST.set(trigger[0]!, list);
}

interface Word {
  start: number;
  end: number;
  text: string;
}

/** The word (letters, apostrophes, hyphens) starting at i, skipping spaces before it; undefined when none. */
function wordAt(text: string, i: number): Word | undefined {
  let start = i;
  while (start < text.length && start - i < 3 && text.charCodeAt(start) === 32) start++;
  let end = start;
  while (end < text.length && end - start < 40) {
    const c = text.charCodeAt(end);
    if (isLetter(c) || ((c === 39 || c === 45 || c === 0x2019) && isLetter(text.charCodeAt(end + 1)))) end++;
    else break;
  }
  return end > start ? { start, end, text: text.slice(start, end) } : undefined;
}

/**
 * Names introduced as names: "my name is Jane Smith", "this is Tom calling", "I'm called Ana", and a title
 * followed by a capitalised word ("Mrs Patel"). Capitalised words are taken (up to three); in all-lower-case
 * text up to two words that are not common words.
 */
export function scanNames(text: string, out: PiiSpan[]): void {
  for (let i = 0; i < text.length; i++) {
    if (!isLetter(text.charCodeAt(i)) || !atWordStart(text, i)) continue;
    const lowerFirst = text[i]!.toLowerCase();
    const triggers = TRIGGERS_BY_FIRST.get(lowerFirst);
    const title = TITLE_FIRSTS.has(lowerFirst) ? wordAt(text, i) : undefined;
    if (title && TITLES.has(title.text.toLowerCase())) {
      let after = title.end;
      if (text[after] === '.') after++;
      const name = wordAt(text, after);
      if (name && name.start > after && isUpper(name.text.charCodeAt(0)) && !STOP.has(name.text.toLowerCase())) {
        const end = extendCapitalised(text, name, 2);
        out.push({ type: 'NAME', start: title.start, end });
        i = end;
        continue;
      }
    }
    for (const trigger of triggers ?? []) {
      if (text.slice(i, i + trigger.length).toLowerCase() !== trigger) continue;
      let after = trigger.length + i;
      if (text[after] === ',' || text[after] === ':') after++;
      const span = nameAfter(text, after, STRICT.has(trigger));
      if (span) {
        out.push({ type: 'NAME', start: span[0], end: span[1] });
        i = span[1];
      }
      break;
    }
  }
}

function nameAfter(text: string, at: number, strict: boolean): [number, number] | undefined {
  if (text.charCodeAt(at) !== 32) return undefined;
  const first = wordAt(text, at);
  if (!first || STOP.has(first.text.toLowerCase())) return undefined;
  const capital = isUpper(first.text.charCodeAt(0));
  if (strict && !capital) return undefined;
  if (capital) return [first.start, extendCapitalised(text, first, 2)];
  const second = wordAt(text, first.end);
  if (second && second.start === first.end + 1 && !STOP.has(second.text.toLowerCase())) return [first.start, second.end];
  return [first.start, first.end];
}

function extendCapitalised(text: string, word: Word, more: number): number {
  let end = word.end;
  for (let k = 0; k < more; k++) {
    const next = wordAt(text, end);
    if (!next || next.start !== end + 1 || !isUpper(next.text.charCodeAt(0)) || STOP.has(next.text.toLowerCase())) break;
    end = next.end;
  }
  return end;
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
      const lower = word.text.toLowerCase();
      if (words > 0 && SUFFIXES.has(lower)) {
        found = word.end;
        if (text[found] === '.') found++;
        break;
      }
      if (STREET_STOP.has(lower) || !isUpper(word.text.charCodeAt(0))) break;
      words++;
      end = word.end;
    }
    if (found !== -1) {
      out.push({ type: 'ADDRESS', start: i, end: found });
      i = found;
    } else i = j;
  }
}
