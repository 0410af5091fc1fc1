import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background thread copies the write-ahead log into the database file. */
export const CHECKPOINT_INTERVAL_MS = 200;

/**
 * The main connection checkpoints by itself only when the log passes this many pages (16 MiB
 * at 4 KiB pages): a safety net for when the background thread falls behind.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 4000;

// Plain CommonJS run by the worker: no TypeScript loader is needed, so the thread starts in milliseconds.
const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 1000');
const tick = () => {
  // A checkpoint that cannot finish now (a reader holds old pages) simply goes on at the next tick.
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  tick();
  db.close();
  parentPort.postMessage('closed');
});
`;

export interface Checkpointer {
  /** Runs a last checkpoint and closes the thread's connection. */
  stop(): Promise<void>;
}

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread with its own connection. A checkpoint
 * writes and fsyncs megabytes; run by the connection that commits (SQLite's default) it blocks
 * the HTTP thread for tens of milliseconds every few batches, which is most of ingest's p99.
 * PASSIVE checkpoints never block the writer, and a process killed mid-checkpoint loses nothing:
 * committed transactions are already in the log.
 */
export function startCheckpointer(file: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(CODE, { eval: true, workerData: { file, driver, intervalMs } });
  // A failing checkpointer must not take the server down: the main connection's fallback checkpoints still run.
  worker.on('error', () => {});
  let exited = false;
  worker.once('exit', () => {
    exited = true;
  });
  worker.unref();
  let stopped: Promise<void> | null = null;
  return {
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (exited) return resolve();
        const done = () => resolve();
        worker.once('message', () => void worker.terminate().then(done, done));
        worker.once('exit', done);
        worker.postMessage('stop');
      })),
  };
}
