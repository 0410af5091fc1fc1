import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { JobStatus, type JobReject } from '../api/jobs.ts';
import type { Conversation } from '../core/schema/index.ts';
import type { InputRecord } from '../io/read/record.ts';
import { fingerprint } from '../store/flatten.ts';
import type { BatchInput, Queue } from '../store/queue.ts';
import type { AppContext } from './context.ts';
import { ApiError } from './errors.ts';
import { Rejection } from './ingest-result.ts';
import type { Caller } from './route.ts';

/** The queue as an API node uses it: bodies over `syncMax` conversations are queued; past `limit` pending, ingest answers 429. */
export interface IngestQueue {
  queue: Queue;
  syncMax: number;
  limit: number;
  /** Conversations per queued batch (one pg-boss message each). */
  batchSize: number;
}

export const JobAccepted = z.object({ job: JobStatus, rejected: z.array(Rejection) });

/** Whether a body of `count` good records goes to the queue. */
export function queues(queue: IngestQueue, count: number, mode: 'auto' | 'queue' | 'sync'): boolean {
  return mode === 'queue' || (mode === 'auto' && count > queue.syncMax);
}

/** Seconds until the queue should have room for `incoming` more, from the workers' rate over the last minute (1 to 300). */
export function retryAfterSeconds(pending: number, incoming: number, limit: number, perSecond: number): number {
  const excess = pending + incoming - limit;
  if (perSecond <= 0) return 30;
  return Math.min(300, Math.max(1, Math.ceil(excess / perSecond)));
}

/**
 * An opted-out conversation as queued: its text is not analysed, so it never enters the queue; the rest (ids, times,
 * channel) makes its stored row.
 */
export function withoutText(conversation: Conversation): Conversation {
  return { ...conversation, turns: conversation.turns.map((turn) => ({ ...turn, text: '' })) };
}

/** Consecutive slices of `size`. */
function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A rejection as a job keeps it: where and why, never the record's text. */
export function jobReject({ index, line, id, code, message }: Rejection): JobReject {
  return { index, ...(line !== undefined ? { line } : {}), ...(id !== undefined ? { id } : {}), code, message };
}

/**
 * Queues a body's good records: checks the queue's room (429 with Retry-After when full, nothing queued), redacts
 * (opted-out ones lose their text instead), and records the job with its batches and their messages in one
 * transaction. Answers 202 with the job's status and the records refused on reading.
 */
export async function enqueueIngest(
  good: Array<Extract<InputRecord, { ok: true }>>,
  rejected: Rejection[],
  ctx: AppContext,
  ingest: IngestQueue,
  caller: Caller,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const pending = await ingest.queue.pending();
  if (pending + good.length > ingest.limit) {
    const seconds = retryAfterSeconds(pending, good.length, ingest.limit, await ingest.queue.recentRate());
    reply.header('retry-after', String(seconds));
    throw new ApiError(
      'rate_limited',
      `the analysis queue is full (${pending.toLocaleString('en')} conversations waiting, limit ${ingest.limit.toLocaleString('en')}); nothing was queued: retry in ${seconds} s`,
    );
  }
  const conversations = good.map((record) => record.conversation);
  const fingerprints = conversations.map(fingerprint);
  const analysed = conversations.flatMap((c, i) => (c.consent.analysis === false ? [] : [i]));
  const redacted = await ctx.redactBatch(analysed.map((i) => conversations[i]!));
  const queued = conversations.map(withoutText);
  analysed.forEach((i, k) => {
    queued[i] = redacted[k]!;
  });
  const sources = good.map((record) => ({
    index: record.source.index,
    ...(record.source.line !== undefined ? { line: record.source.line } : {}),
  }));
  const batches: BatchInput[] = slices(
    queued.map((_, i) => i),
    ingest.batchSize,
  ).map((indexes, batch) => ({
    batch,
    conversations: indexes.map((i) => queued[i]!),
    fingerprints: indexes.map((i) => fingerprints[i]!),
    sources: indexes.map((i) => sources[i]!),
  }));
  const id = await ingest.queue.createJob(
    { kind: 'ingest', keyId: caller.key.id, rejectsOnRead: rejected.map(jobReject), sealed: true },
    batches,
  );
  const status = await ingest.queue.status(id);
  reply.header('location', `/v1/jobs/${encodeURIComponent(id)}`);
  return reply.status(202).send({ job: status, rejected });
}
