import type { JobReject } from '../api/jobs.ts';
import type { BatchOutcome, QueuedBatch } from '../store/queue.ts';
import type { AppContext } from './context.ts';
import type { Processed } from './process.ts';
import { processAll, saveInSlices } from './routes/conversations-ingest.ts';

/**
 * What `attune worker` does with one queued batch: the pipeline (journeys linked to the customer's stored contacts),
 * then an idempotent write: a batch done twice (redelivered after a crash) stores each conversation once.
 */
export async function analyseBatch(
  batch: QueuedBatch,
  ctx: Pick<AppContext, 'store' | 'processBatch'>,
): Promise<BatchOutcome> {
  const processed = await processAll(batch.conversations, ctx, batch.fingerprints);
  const rejects: JobReject[] = [];
  const refuse = (i: number, code: JobReject['code'], reason: string) => {
    const source = batch.sources[i] ?? {};
    const where = [
      source.file,
      source.line !== undefined
        ? `line ${source.line}`
        : source.index !== undefined
          ? `record ${source.index + 1}`
          : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    rejects.push({ ...source, id: batch.conversations[i]!.id, code, message: `${where ? `${where}: ` : ''}${reason}` });
  };
  const good: Array<Extract<Processed, { ok: true }> & { i: number }> = [];
  processed.forEach((result, i) => (result.ok ? good.push({ ...result, i }) : refuse(i, 'invalid', result.reason)));
  const refused = await saveInSlices(good, ctx.store);
  for (const item of good) {
    const refusal = refused.get(item.id);
    if (refusal) refuse(item.i, refusal.code, refusal.reason);
  }
  return { processed: good.length - refused.size, failed: rejects.length, rejects };
}
