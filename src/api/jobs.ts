import { z } from 'zod';

/** Why a conversation of a queued job was not stored; never the record's text (job status is kept in the database). */
export const JobReject = z.object({
  /** Where the record was: the file (backfill) and its line or 0-based index in the body or file. */
  file: z.string().optional(),
  index: z.number().int().optional(),
  line: z.number().int().optional(),
  id: z.string().optional(),
  code: z.enum(['invalid', 'duplicate', 'conflict', 'erased']),
  message: z.string(),
});
export type JobReject = z.infer<typeof JobReject>;

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;

/** Progress of a queued ingest or backfill: counts are conversations; `rejects` lists the first 1,000. */
export const JobStatus = z.object({
  id: z.string(),
  kind: z.enum(['ingest', 'backfill']),
  /**
   * `queued`: nothing analysed yet; `running`: some batches done; `done`: every batch done (and, for a backfill, every
   * file read); `failed`: ended, but some batch was given up on (every try failed, or killed its worker): see `reason`.
   */
  state: z.enum(JOB_STATES),
  /** Why the job failed: the first batch given up on, and why. Only with `failed`. */
  reason: z.string().optional(),
  createdAt: z.string(),
  /** When the last batch was done; null until then. */
  finishedAt: z.string().nullable(),
  /** Conversations accepted into the job (analysed later, or opted out and stored at once). */
  total: z.number().int(),
  /** Waiting in the queue or being analysed. */
  queued: z.number().int(),
  /** Analysed (or opted out) and stored. */
  processed: z.number().int(),
  /** Refused after being queued: the analysis failed, a different conversation holds the id, or the customer was erased. */
  failed: z.number().int(),
  /** Records refused before queueing (unreadable, or an id earlier in the body). */
  rejectedOnRead: z.number().int(),
  batches: z.object({ total: z.number().int(), done: z.number().int() }),
  rejects: z.array(JobReject),
});
export type JobStatus = z.infer<typeof JobStatus>;

export const JobParams = z.object({ id: z.string().min(1).max(128) });
