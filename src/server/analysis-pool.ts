import { Worker } from 'node:worker_threads';
import type { Conversation } from '../core/schema/index.ts';
import type { EngineOptions } from '../io/engine.ts';
import type { Processed } from './context.ts';

export interface AnalysisPool {
  /** Redacts and analyses a batch on the least busy worker thread. */
  process(conversations: Conversation[]): Promise<Processed[]>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (results: Processed[]) => void; reject: (error: Error) => void }>;
}

const WORKER_FILE = new URL('./analysis-worker.ts', import.meta.url).href;
// Worker threads do not inherit the TypeScript loader, so each one registers tsx before importing the worker.
const BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE)}); })`;

function spawnSlot(engineOptions: EngineOptions): Promise<Slot> {
  const worker = new Worker(BOOT, { eval: true, workerData: { engineOptions } });
  const slot: Slot = { worker, pending: new Map() };
  return new Promise((resolve, reject) => {
    worker.on('message', (message: { ready?: true; id?: number; results?: Processed[] }) => {
      if (message.ready) return resolve(slot);
      const job = slot.pending.get(message.id!);
      slot.pending.delete(message.id!);
      job?.resolve(message.results!);
    });
    // Rejects the start when a worker cannot boot; later errors are followed by 'exit', which fails its jobs.
    worker.on('error', reject);
    worker.on('exit', (code) => {
      for (const job of slot.pending.values()) job.reject(new Error(`analysis worker stopped (exit ${code})`));
      slot.pending.clear();
    });
  });
}

/** Starts `size` analysis threads, each with its own engine; a thread that dies is replaced. */
export async function startAnalysisPool(size: number, engineOptions: EngineOptions = {}): Promise<AnalysisPool> {
  const slots = await Promise.all(Array.from({ length: size }, () => spawnSlot(engineOptions)));
  let closing = false;
  let nextId = 0;
  const watch = (slot: Slot, index: number) => slot.worker.once('exit', () => {
    if (!closing) void spawnSlot(engineOptions).then((fresh) => { slots[index] = fresh; watch(fresh, index); });
  });
  slots.forEach(watch);
  return {
    process: (conversations) => {
      const slot = slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, conversations });
      });
    },
    close: async () => {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
