import { parentPort, workerData } from 'node:worker_threads';
import { saveAnalysed } from './conversations.ts';
import { openSqliteDatabase } from './sqlite.ts';
import type { ShiftConfig } from './options.ts';
import type { AnalysedItem } from './store.ts';
import { tokensOf } from './tokens.ts';

// The SQLite writer: its own connection to the database file stores each ingest batch, so a batch of
// megabytes is written off the HTTP thread. Replies are posted in the order the jobs came.
const { file, shifts } = workerData as { file: string; shifts: ShiftConfig };
const db = openSqliteDatabase(file);
const tokens = tokensOf(db);
const port = parentPort!;
let queue: Promise<void> = Promise.resolve();
port.on('message', (job: { id: number; items?: readonly AnalysedItem[]; close?: true }) => {
  queue = queue.then(async () => {
    if (job.close) {
      await db.destroy();
      port.postMessage({ id: job.id, closed: true });
      return;
    }
    try {
      port.postMessage({ id: job.id, result: await saveAnalysed(db, 'sqlite', shifts, await tokens(), job.items!) });
    } catch (error) {
      port.postMessage({ id: job.id, error: (error as Error).message });
    }
  });
});
