import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

const niceOf = (tid: number) =>
  Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);

test(
  'a worker thread that lowers its priority lowers its own only, not the main thread',
  { skip: process.platform !== 'linux' },
  async () => {
    const module = new URL('./thread-priority.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(async ({ register }) => {
    register();
    const { lowerThreadPriority } = await import(${JSON.stringify(module)});
    const { parentPort } = await import('node:worker_threads');
    const { readlinkSync } = await import('node:fs');
    const lowered = lowerThreadPriority();
    parentPort.postMessage({ lowered, tid: Number(readlinkSync('/proc/thread-self').split('/').pop()) });
    parentPort.once('message', () => process.exit(0));
  })`;
    const main = niceOf(process.pid);
    const worker = new Worker(boot, { eval: true });
    const reply = await new Promise<{ lowered: boolean; tid: number }>((resolve) => worker.once('message', resolve));
    const seen = { lowered: reply.lowered, worker: niceOf(reply.tid), main: niceOf(process.pid) };
    worker.postMessage('done');
    await new Promise((resolve) => worker.once('exit', resolve));
    assert.deepEqual(seen, { lowered: true, worker: Math.min(19, main + 10), main });
  },
);
