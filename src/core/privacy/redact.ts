import type { Conversation } from '../schema/index.ts';
import { scanNames, scanStreets } from './scan-names.ts';
import { scanNumbers } from './scan-numbers.ts';
import { scanEmails, scanIbans, scanIpv6, scanNiNumbers, scanUkPostcodes } from './scan-text.ts';
import { foldForScan, lowerSameLength } from './normalize.ts';
import { redactDeep } from './redact-fields.ts';
import { scanIntroducedIds } from './scan-introduced.ts';
import { mayHoldSpelledEmail, scanSpelledEmails } from './scan-spelled.ts';
import { scanAnswer } from './scan-answer.ts';
import { storedCustomerId, type KeyedHash } from './pseudonym.ts';
import type { PiiSpan, PiiType } from './types.ts';

export { PII_TYPES, PiiType, PiiSpan } from './types.ts';

/** When two detections overlap, the earlier type in this list wins (an e-mail beats the phone-like digits inside it). */
const PRIORITY_ORDER: PiiType[] = [
  'EMAIL',
  'IBAN',
  'CARD',
  'SSN',
  'NI',
  'IP',
  'PHONE',
  'PASSWORD',
  'PASSPORT',
  'ACCOUNT',
  'DOB',
  'ADDRESS',
  'POSTCODE',
  'NAME',
];
const PRIORITY = Object.fromEntries(PRIORITY_ORDER.map((t, i) => [t, i])) as Record<PiiType, number>;

export interface Redaction {
  text: string;
  /** What was replaced, as spans of the original text. */
  spans: PiiSpan[];
}

/**
 * Replaces personal data with typed placeholders ([EMAIL], [PHONE], [CARD], [IBAN], [SSN], [NI], [IP],
 * [ADDRESS], [POSTCODE], [NAME], [DOB], [PASSPORT], [ACCOUNT], [PASSWORD]). Every scanner is a single forward pass, so time is linear in the text.
 * With `question`, the other party's turn this text answers, a secret it asked for is found though nothing in the
 * answer introduces it ("can I take the account number?" → "here. 6612 0045").
 * @example redactText('mail me at jo@x.io').text === 'mail me at [EMAIL]'
 */
export function redactText(text: string, question?: string): Redaction {
  const found: PiiSpan[] = [];
  const scan = foldForScan(text);
  const lower = lowerSameLength(scan);
  // most chat turns hold no digit, colon or "@": the scanners that need one are skipped on one native check
  const digits = ASCII_DIGIT.test(scan);
  if (scan.includes('@')) scanEmails(scan, found);
  if (mayHoldSpelledEmail(lower)) scanSpelledEmails(scan, found, lower);
  // IBANs and postcodes start with a letter right before a digit ("GB29", "SW1A"); NI numbers may have a space between ("AB 12")
  const letterDigit = digits && LETTER_DIGIT.test(scan);
  if (letterDigit) scanIbans(scan, found);
  if (digits && LETTER_SPACE_DIGIT.test(scan)) scanNiNumbers(scan, found);
  scanIntroducedIds(scan, found, lower);
  if (digits) scanNumbers(scan, found);
  if (scan.includes(':')) scanIpv6(scan, found);
  if (letterDigit) scanUkPostcodes(scan, found);
  if (digits && NUMBER_THEN_CAPITAL.test(scan)) scanStreets(scan, found);
  scanNames(scan, found, lower);
  if (question) scanAnswer(scan, question, found);
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

const ASCII_DIGIT = /[0-9]/;
const LETTER_DIGIT = /[A-Za-z][0-9]/;
const LETTER_SPACE_DIGIT = /[A-Za-z] ?[0-9]/;
/** A street address needs a house number (perhaps with one letter: "221B"), a space, then a capitalised word. */
const NUMBER_THEN_CAPITAL = /[0-9][^ ]? [A-Z]/;

function resolveOverlaps(found: PiiSpan[]): PiiSpan[] {
  if (found.length <= 1) return found;
  const ranked = [...found].sort(
    (a, b) => PRIORITY[a.type] - PRIORITY[b.type] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
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

const redactString = (text: string) => redactText(text).text;

/** A party (customer, agent) with its id and named keys kept and every other field redacted, by its name or its text. */
function redactParty<T extends { id: string }>(party: T, kept: readonly string[], hash: KeyedHash | undefined): T {
  const copy: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(party)) (k === 'id' || kept.includes(k) ? copy : rest)[k] = v;
  return { ...(redactDeep(rest, redactString, hash) as Record<string, unknown>), ...copy } as T;
}

/**
 * Redacts everything personal a conversation can carry: every turn's text, the customer's and agent's
 * details beyond their ids (a name, an e-mail, a phone), consent extras, the queue, and metadata keys and
 * values at any depth. Ids are kept: journeys, erasure and per-agent views need them.
 *
 * With `hash` (a keyed hash whose key the store keeps), identifiers one joins on become keyed pseudonyms
 * instead of bare placeholders, the same for the same value in every conversation: a customer id that is
 * itself an e-mail, phone or account number becomes `email:3f9a…`, and fields such as `email` or `phone`
 * become `[EMAIL:3f9a…]`. Free text keeps bare placeholders.
 */
export function redactConversation(conversation: Conversation, hash?: KeyedHash): Conversation {
  const { analysis, ...consentExtras } = conversation.consent;
  const customer = conversation.customer && redactParty(conversation.customer, [], hash);
  return {
    ...conversation,
    ...(customer ? { customer: hash ? { ...customer, id: storedCustomerId(customer.id, hash) } : customer } : {}),
    ...(conversation.agent ? { agent: redactParty(conversation.agent, ['team'], hash) } : {}),
    consent: { ...(redactDeep(consentExtras, redactString, hash) as Record<string, unknown>), analysis },
    ...(conversation.queue !== undefined ? { queue: redactString(conversation.queue) } : {}),
    ...(conversation.metadata
      ? { metadata: redactDeep(conversation.metadata, redactString, hash) as Record<string, unknown> }
      : {}),
    turns: conversation.turns.map((turn, i) => ({
      ...turn,
      text: redactText(turn.text, questionBefore(conversation.turns, i, turn.role)).text,
      ...(turn.metadata ? { metadata: redactDeep(turn.metadata, redactString, hash) as Record<string, unknown> } : {}),
    })),
  };
}

/** How many turns back a customer's answer may sit from the question ("hang on…", "found it", "6612 0045"). */
const ANSWER_REACH = 3;

/** The agent's or bot's turn that a customer turn at index i may be answering: the latest one within reach, or undefined. */
export function questionBefore(
  turns: readonly { role: string; text: string }[],
  i: number,
  role: string,
): string | undefined {
  if (role !== 'customer') return undefined;
  for (let j = i - 1; j >= 0 && j >= i - ANSWER_REACH; j--) {
    const role = turns[j]!.role;
    if (role === 'agent' || role === 'bot') return turns[j]!.text;
  }
  return undefined;
}
