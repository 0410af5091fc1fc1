import { z } from 'zod';

/** Keyset pagination: pass back `nextCursor` to get the following page. */
export const Page = z.object({
  limit: z.number().int().min(1).max(1000).default(50),
  cursor: z.string().optional(),
});
export type Page = z.input<typeof Page>;

export interface PageOf<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}
