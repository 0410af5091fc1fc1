import { z } from 'zod';

export const KEY_ROLES = ['admin', 'analyst', 'supervisor', 'agent'] as const;
export const KeyRole = z.enum(KEY_ROLES);
export type KeyRole = z.infer<typeof KeyRole>;

export const KeyInput = z.object({
  name: z.string().min(1),
  role: KeyRole,
  /** For supervisors: the teams they may read. */
  teams: z.array(z.string()).default([]),
  /** For agents: their own agent id. */
  agentId: z.string().nullable().default(null),
});
export type KeyInput = z.input<typeof KeyInput>;

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  role: KeyRole,
  teams: z.array(z.string()),
  agentId: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;
