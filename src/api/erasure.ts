import { z } from 'zod';

export const EraseResult = z.object({
  conversations: z.number().int(),
  moments: z.number().int(),
  reviews: z.number().int(),
});
export type EraseResult = z.infer<typeof EraseResult>;
