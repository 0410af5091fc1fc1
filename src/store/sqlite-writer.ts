import type { Worker } from 'node:worker_threads';
import type { ShiftConfig } from './options.ts';
import type { AnalysedItem, SaveResult } from './store.ts';
import { tsWorker } from './ts-worker.ts';

export interface SqliteWriter {
  saveAnalysed(items: readonly AnalysedItem[]): Promise<SaveResult>;
  close(): Promise<void>;
}

const THREAD = new URL('./sqlite-writer-thread.ts', import.meta.url);

/**
 * Stores ingest batches from a worker thread with its own connection to the file. Writing a batch holds
 * the thread that writes for as long as SQLite takes over megabytes of analysis (hundreds of milliseconds
 * for the largest allowed conversation on a busy machine); here that thread is not the HTTP thread, so
 * health checks and reads keep answering. A thread that dies fails its jobs and is replaced on the next one.
 */
export function startSqliteWriter(file: string, shifts: ShiftConfig): SqliteWriter {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: SaveResult) => void; reject: (error: Error) => void }>();
  const thread = (): Worker => {
    if (worker) return worker;
    const started = tsWorker(THREAD, { file, shifts });
    started.on('message', (message: { id: number; result?: SaveResult; error?: string; closed?: true }) => {
      const job = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) job?.reject(new Error(message.error));
      else job?.resolve(message.result ?? { saved: 0, refused: [] });
    });
    started.on('error', () => {});
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      for (const job of pending.values()) job.reject(new Error(`the SQLite writer stopped (exit ${code})`));
      pending.clear();
    });
    worker = started;
    return started;
  };
  const send = (message: object) =>
    new Promise<SaveResult>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      thread().postMessage({ id, ...message });
    });
  return {
    saveAnalysed: (items) => send({ items }),
    close: async () => {
      if (!worker) return;
      const closing = worker;
      await send({ close: true }).catch(() => {});
      await closing.terminate();
    },
  };
}
