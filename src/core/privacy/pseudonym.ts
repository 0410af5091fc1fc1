import { redactText } from './redact.ts';
import type { PiiType } from './types.ts';

/** A keyed hash (HMAC) of a string, as hex; the key stays with the caller, so core never sees it. */
export type KeyedHash = (text: string) => string;

/** Identifiers that stand for one person and can be joined on: replaced by a keyed hash, not a bare placeholder. */
export const JOINABLE_TYPES: readonly PiiType[] = [
  'EMAIL',
  'PHONE',
  'CARD',
  'IBAN',
  'SSN',
  'NI',
  'ACCOUNT',
  'PASSPORT',
  'IP',
];
const HEX_LENGTH = 20;

/** One spelling of an identifier, so "Jane@X.com " and "jane@x.com", or "07700 900123" and "07700-900-123", hash alike. */
export function canonicalIdentifier(type: PiiType, value: string): string {
  const trimmed = value.trim();
  if (type === 'EMAIL') return trimmed.toLowerCase();
  if (type === 'IP') return trimmed.toLowerCase();
  if (type === 'PHONE') return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
  return trimmed.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** The hex that stands for `value` as an identifier of `type`. */
export function pseudonymHex(type: PiiType, value: string, hash: KeyedHash): string {
  return hash(`${type}|${canonicalIdentifier(type, value)}`).slice(0, HEX_LENGTH);
}

/**
 * The type of personal data an id is, when the whole id is one (an e-mail, a phone, a card, an IBAN, an SSN,
 * an NI number) or it is a bare number of 6 to 19 digits (an account or membership number); else undefined.
 */
export function personalIdType(id: string): PiiType | undefined {
  const trimmed = id.trim();
  if (/^[\d\s-]{6,40}$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '').length;
    if (digits >= 6 && digits <= 19) return 'ACCOUNT';
  }
  const spans = redactText(trimmed).spans;
  const whole = spans.find((s) => s.start === 0 && s.end === trimmed.length);
  return whole && JOINABLE_TYPES.includes(whole.type) ? whole.type : undefined;
}

/** A customer id as it is stored: `email:3f9a…` for an id that is personal data itself, else the id as sent. */
export function storedCustomerId(id: string, hash: KeyedHash): string {
  const type = personalIdType(id);
  return type ? `${type.toLowerCase()}:${pseudonymHex(type, id, hash)}` : id;
}
