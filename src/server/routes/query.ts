import { z } from 'zod';

/** Query strings are text: "true"/"false" become booleans. */
export const QueryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

export const QueryNumber = z.coerce
  .number({ error: 'must be a number' })
  .refine(Number.isFinite, 'must be a finite number');

export const PageQuery = {
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(1000).default(50),
  cursor: z.string().optional(),
};

/** A path id, in NFC as ids are stored, so an id typed with combining marks still finds its record. */
export const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .transform((id) => id.normalize('NFC')),
});
