import { z } from 'zod';
import { IsoTime } from './time.ts';

export const AuditInput = z.object({
  keyId: z.string().nullable(),
  action: z.string().min(1),
  target: z.string(),
  /** Defaults to now. */
  at: IsoTime.optional(),
});
export type AuditInput = z.infer<typeof AuditInput>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  keyId: z.string().nullable(),
  action: z.string(),
  target: z.string(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditFilter = z.object({
  keyId: z.string().optional(),
  action: z.string().optional(),
  target: z.string().optional(),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;
