import { z } from 'zod';

export const CHANNELS = ['voice', 'chat', 'email', 'messaging', 'social', 'ticket'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const ROLES = ['customer', 'agent', 'bot', 'system'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

const Metadata = z.record(z.string(), z.unknown());

/** Moves keys the schema does not name into `metadata`, so unknown fields are kept, never an error. */
function keepUnknownInMetadata<T extends z.ZodRawShape>(shape: T) {
  const known = new Set([...Object.keys(shape), 'metadata']);
  return z
    .object({ ...shape, metadata: Metadata.optional() })
    .loose()
    .transform((value) => {
      const kept: Record<string, unknown> = {};
      const extra: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) (known.has(key) ? kept : extra)[key] = v;
      if (Object.keys(extra).length === 0) return kept as typeof value;
      return { ...kept, metadata: { ...(value.metadata ?? {}), ...extra } } as typeof value;
    });
}

export const Turn = keepUnknownInMetadata({
  role: Role,
  text: z.string(),
  at: z.iso.datetime({ offset: true }).optional(),
  start: z.number().nonnegative().optional(),
  end: z.number().nonnegative().optional(),
});
export type Turn = z.infer<typeof Turn>;

export const Conversation = keepUnknownInMetadata({
  id: z.string().min(1),
  channel: Channel,
  startedAt: z.iso.datetime({ offset: true }).optional(),
  customer: z
    .object({ id: z.string().min(1) })
    .loose()
    .optional(),
  agent: z
    .object({ id: z.string().min(1), team: z.string().optional() })
    .loose()
    .optional(),
  queue: z.string().optional(),
  language: z.string().default('en'),
  consent: z
    .object({ analysis: z.boolean().default(true) })
    .loose()
    .default({ analysis: true }),
  turns: z.array(Turn),
});
export type Conversation = z.infer<typeof Conversation>;
/** What a producer may write: defaults not yet applied. */
export type ConversationInput = z.input<typeof Conversation>;
