import { z } from 'zod';

export const PII_TYPES = [
  'EMAIL',
  'PHONE',
  'CARD',
  'IBAN',
  'SSN',
  'NI',
  'IP',
  'ADDRESS',
  'POSTCODE',
  'NAME',
  'DOB',
  'PASSPORT',
  'ACCOUNT',
  'PASSWORD',
] as const;
export const PiiType = z.enum(PII_TYPES);
export type PiiType = z.infer<typeof PiiType>;

/** A detected piece of personal data: its type and its character span in the original text. */
export const PiiSpan = z.object({ type: PiiType, start: z.number().int(), end: z.number().int() });
export type PiiSpan = z.infer<typeof PiiSpan>;
