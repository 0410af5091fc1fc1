import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../store/ts-worker.ts';
import type { Analysis, Conversation } from '../core/schema/index.ts';
import type { EngineOptions } from '../io/engine.ts';
import type { IngestJob, Processed } from './process.ts';

export interface AnalysisPool {
  /** Runs the pipeline on a batch on the least busy worker thread. */
  process(jobs: IngestJob[]): Promise<Processed[]>;
  /**
   * Analyses one conversation as it is (no redaction, nothing stored) on a worker thread, within
   * `budgetMs`: past it the promise rejects with `AnalysisTimeout` and the worker is replaced.
   */
  analyze(conversation: Conversation, budgetMs: number): Promise<Analysis>;
  /** Redacts conversations (with the database's key) on a worker thread, for an API node that queues them. */
  redact(conversations: Conversation[]): Promise<Conversation[]>;
  close(): Promise<void>;
}

/** An analysis that ran past its time budget; the thread doing it was stopped. */
export class AnalysisTimeout extends Error {
  constructor(budgetMs: number) {
    super(`the analysis took longer than its ${budgetMs} ms budget`);
    this.name = 'AnalysisTimeout';
  }
}

interface Slot {
  worker: Worker;
  /** Stopped or crashed: no new work goes to it while its replacement boots. */
  dead?: boolean;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}

const WORKER_FILE = new URL('./analysis-worker.ts', import.meta.url);

/**
 * `background` threads run below the HTTP thread's priority (a closed live session's analysis, an ingest batch: nobody
 * waits on them turn by turn); `prompt` ones keep it, for an answer a caller waits on within a budget (`/v1/evaluate`).
 */
export type AnalysisPriority = 'background' | 'prompt';

function spawnSlot(
  engineOptions: EngineOptions,
  hashKey: string | undefined,
  redacted: boolean,
  priority: AnalysisPriority,
): Promise<Slot> {
  const worker = tsWorker(WORKER_FILE, { engineOptions, hashKey, redacted, priority });
  const slot: Slot = { worker, pending: new Map() };
  return new Promise((resolve, reject) => {
    worker.on(
      'message',
      (message: {
        ready?: true;
        id?: number;
        results?: Processed[];
        analysis?: Analysis;
        redacted?: Conversation[];
      }) => {
        if (message.ready) return resolve(slot);
        const job = slot.pending.get(message.id!);
        slot.pending.delete(message.id!);
        job?.resolve(message.results ?? message.analysis ?? message.redacted);
      },
    );
    // Rejects the start when a worker cannot boot; later errors are followed by 'exit', which fails its jobs.
    worker.on('error', reject);
    worker.on('exit', (code) => {
      for (const job of slot.pending.values()) job.reject(new Error(`analysis worker stopped (exit ${code})`));
      slot.pending.clear();
    });
  });
}

/**
 * Starts `size` analysis threads, each with its own engine; a thread that dies or is stopped is replaced.
 * With `hashKey` (the database's), redaction turns identifiers one joins on into keyed pseudonyms; with `redacted`
 * (a queue worker), batches arrive redacted already and are analysed as they are. `priority`: see `AnalysisPriority`.
 */
export async function startAnalysisPool(
  size: number,
  engineOptions: EngineOptions = {},
  hashKey?: string,
  redacted = false,
  priority: AnalysisPriority = 'background',
): Promise<AnalysisPool> {
  const spawn = () => spawnSlot(engineOptions, hashKey, redacted, priority);
  const slots = await Promise.all(Array.from({ length: size }, spawn));
  let closing = false;
  let nextId = 0;
  let revived: Promise<unknown> = Promise.resolve();
  const retire = (slot: Slot) => {
    if (slot.dead) return;
    slot.dead = true;
    void slot.worker.terminate();
    if (closing) return;
    revived = spawn().then((fresh) => {
      slots[slots.indexOf(slot)] = fresh;
      watch(fresh);
    });
  };
  const watch = (slot: Slot) => slot.worker.once('exit', () => retire(slot));
  slots.forEach(watch);
  /** The least busy live thread, waiting for a replacement when none is alive. */
  const leastBusy = async (): Promise<Slot> => {
    for (;;) {
      const live = slots.filter((s) => !s.dead);
      if (live.length) return live.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
      await revived;
    }
  };
  const send = <T>(message: object, budgetMs?: number) =>
    leastBusy().then(
      (slot) =>
        new Promise<T>((resolve, reject) => {
          const id = nextId++;
          const timer =
            budgetMs === undefined
              ? undefined
              : setTimeout(() => {
                  slot.pending.delete(id);
                  reject(new AnalysisTimeout(budgetMs));
                  // the thread is still busy with it: stop it, and a fresh one takes its place
                  retire(slot);
                }, budgetMs);
          slot.pending.set(id, {
            resolve: (value) => {
              clearTimeout(timer);
              resolve(value as T);
            },
            reject: (error) => {
              clearTimeout(timer);
              reject(error);
            },
          });
          slot.worker.postMessage({ id, ...message });
        }),
    );
  return {
    process: (jobs) => send<Processed[]>({ jobs }),
    analyze: (conversation, budgetMs) => send<Analysis>({ analyze: conversation }, budgetMs),
    redact: (conversations) => send<Conversation[]>({ redact: conversations }),
    close: async () => {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
