import { Worker } from 'node:worker_threads';

/** A worker thread running a TypeScript module: threads do not inherit the TypeScript loader, so each registers tsx first. */
export function tsWorker(file: URL, workerData: unknown): Worker {
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
