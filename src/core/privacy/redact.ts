import type { Conversation } from '../schema/index.ts';
import { scanNames, scanStreets } from './scan-names.ts';
import { scanNumbers } from './scan-numbers.ts';
import { scanEmails, scanIbans, scanIpv6, scanNiNumbers, scanUkPostcodes } from './scan-text.ts';
import type { PiiSpan, PiiType } from './types.ts';

export { PII_TYPES, PiiType, PiiSpan } from './types.ts';

/** When two detections overlap, the earlier type in this list wins (an e-mail beats the phone-like digits inside it). */
const PRIORITY_ORDER: PiiType[] = ['EMAIL', 'IBAN', 'CARD', 'SSN', 'NI', 'IP', 'PHONE', 'ADDRESS', 'POSTCODE', 'NAME'];
const PRIORITY = Object.fromEntries(PRIORITY_ORDER.map((t, i) => [t, i])) as Record<PiiType, number>;

export interface Redaction {
  text: string;
  /** What was replaced, as spans of the original text. */
  spans: PiiSpan[];
}

/**
 * Replaces personal data with typed placeholders ([EMAIL], [PHONE], [CARD], [IBAN], [SSN], [NI], [IP],
 * [ADDRESS], [POSTCODE], [NAME]). Every scanner is a single forward pass, so time is linear in the text.
 * @example redactText('mail me at jo@x.io').text === 'mail me at [EMAIL]'
 */
export function redactText(text: string): Redaction {
  const found: PiiSpan[] = [];
  scanEmails(text, found);
  scanIbans(text, found);
  scanNiNumbers(text, found);
  scanNumbers(text, found);
  scanIpv6(text, found);
  scanUkPostcodes(text, found);
  scanStreets(text, found);
  scanNames(text, found);
  const spans = resolveOverlaps(found);
  if (spans.length === 0) return { text, spans };
  let out = '';
  let from = 0;
  for (const span of spans) {
    out += text.slice(from, span.start) + `[${span.type}]`;
    from = span.end;
  }
  return { text: out + text.slice(from), spans };
}

function resolveOverlaps(found: PiiSpan[]): PiiSpan[] {
  if (found.length <= 1) return found;
  const ranked = [...found].sort((a, b) => PRIORITY[a.type] - PRIORITY[b.type] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: PiiSpan[] = [];
  for (const span of ranked) {
    if (kept.some((k) => k.start < span.end && span.start < k.end)) continue;
    kept.push(span);
    if (kept.length > 64) return sweep(ranked);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** For texts with many detections: a linear sweep keeping the first span at each position (priority breaks ties). */
function sweep(ranked: PiiSpan[]): PiiSpan[] {
  const ordered = [...ranked].sort((a, b) => a.start - b.start || PRIORITY[a.type] - PRIORITY[b.type]);
  const kept: PiiSpan[] = [];
  let lastEnd = -1;
  for (const span of ordered) {
    if (span.start < lastEnd) continue;
    kept.push(span);
    lastEnd = span.end;
  }
  return kept;
}

/** Redacts every turn's text and every string in conversation and turn metadata (internal notes, subjects). Ids are kept. */
export function redactConversation(conversation: Conversation): Conversation {
  return {
    ...conversation,
    ...(conversation.metadata ? { metadata: redactValue(conversation.metadata, 0) as Record<string, unknown> } : {}),
    turns: conversation.turns.map((turn) => ({
      ...turn,
      text: redactText(turn.text).text,
      ...(turn.metadata ? { metadata: redactValue(turn.metadata, 0) as Record<string, unknown> } : {}),
    })),
  };
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value).text;
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, depth + 1)]));
}
