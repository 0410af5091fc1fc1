import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module at `file` (a `.ts` URL beside the caller). From the compiled package it runs
 * the `.js` beside it; from src/ (tests, tools) threads do not inherit the TypeScript loader, so each registers tsx first.
 */
export function tsWorker(file: URL, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(file.href.replace(/\.ts$/, '.js')), { workerData });
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
