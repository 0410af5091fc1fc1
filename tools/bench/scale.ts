import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { analyzeConversation } from '../../src/core/analyze.ts';
import type { Conversation } from '../../src/core/schema/index.ts';
import { loadEngine } from '../../src/io/engine.ts';
import { processOne } from '../../src/server/process.ts';
import { fingerprint } from '../../src/store/flatten.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { openQueue, type BatchInput, type Queue } from '../../src/store/queue.ts';
import { exampleConversations, replicate } from './corpus.ts';
import { row } from './report.ts';

// Scale-out on this machine: conversations per second with 1 and 2 `attune worker` processes draining a queued job,
// the CPU each process spends per conversation, and what the queue itself costs (client and PostgreSQL), measured
// with a consumer that does no analysis. CPU comes from /proc (process and PostgreSQL backends, found by
// application_name), so the figures hold on a shared machine better than wall-clock rates do.

const ROOT = path.join(import.meta.dirname, '..', '..');
const N = Number(process.env.ATTUNE_BENCH_SCALE_N ?? 2000);
const BATCH = 100;
const TICK_US = 1e6 / 100; // USER_HZ: Linux reports process times in 1/100 s

/** CPU time (user + system) of a process and all its threads, in µs; 0 when it is gone. */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return 0;
  }
}

/** CPU of the PostgreSQL backends serving connections named `app`, keyed by pid (backends live on this machine). */
async function backendCpu(admin: pg.Client, app: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [
    app,
  ]);
  return new Map(rows.map((r) => [r.pid, cpuOf(r.pid)]));
}

/** Peak resident memory of a process in MB (VmHWM). */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** CPU spent by those backends between two readings (a backend that appeared counts from 0). */
function spent(before: Map<number, number>, afterwards: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of afterwards) total += cpu - (before.get(pid) ?? 0);
  return total;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function batchesOf(conversations: Conversation[]): BatchInput[] {
  const out: BatchInput[] = [];
  for (let i = 0; i < conversations.length; i += BATCH) {
    const slice = conversations.slice(i, i + BATCH);
    out.push({
      batch: out.length,
      conversations: slice,
      fingerprints: slice.map(fingerprint),
      sources: slice.map((_, k) => ({ index: i + k })),
    });
  }
  return out;
}

async function waitDone(queue: Queue, jobId: string): Promise<void> {
  while ((await queue.status(jobId))?.state !== 'done') await sleep(100);
}

/**
 * The worker as it ships (`bin/attune.js` over the build, with its heap bound) once `npm run build` has run, else
 * from the sources under tsx, whose loader and V8's default heap limit add ~100–200 MB of RSS.
 */
const BUILT = existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'));
const WORKER = BUILT
  ? ['--max-old-space-size=1024', path.join(ROOT, 'bin', 'attune.js')]
  : ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')];

function startWorker(url: string, schema: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...WORKER, 'worker', '--database', url, '--schema', schema], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('taking batches')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
}

export async function bench(): Promise<void> {
  const url = process.env.ATTUNE_BENCH_DATABASE_URL ?? process.env.ATTUNE_TEST_DATABASE_URL;
  console.log(`\n## scale: queued analysis with attune worker processes (pg-boss on PostgreSQL)`);
  if (!url) {
    console.log('  skipped: set ATTUNE_BENCH_DATABASE_URL (or ATTUNE_TEST_DATABASE_URL) to a postgres:// URL');
    return;
  }
  const load = os.loadavg();
  console.log(
    `  load average at start: ${load.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores (shared machine: compare CPU, not wall-clock)`,
  );
  const conversations = replicate(exampleConversations(), N, 20);
  const bytes = conversations.reduce((sum, c) => sum + JSON.stringify(c).length, 0);
  console.log(
    `  ${N.toLocaleString('en')} chats of 20 turns (${Math.round(bytes / N).toLocaleString('en')} bytes each), batches of ${BATCH}`,
  );

  // analysis alone, on this thread: the yardstick for the queue's overhead
  const engine = await loadEngine({});
  const steps = {
    analyze: (c: Conversation, o: Parameters<typeof analyzeConversation>[2]) => analyzeConversation(c, engine, o),
  };
  const sample = conversations.slice(0, 300);
  sample.slice(0, 30).forEach((conversation) => processOne({ conversation, earlier: [] }, steps));
  let cpu = process.cpuUsage();
  for (const conversation of sample) processOne({ conversation, earlier: [] }, steps);
  cpu = process.cpuUsage(cpu);
  const analysisUs = (cpu.user + cpu.system) / sample.length;

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const schemas: string[] = [];
  const fresh = async () => {
    const schema = `attune_bench_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    const store = openPostgresStore(url, { schema });
    await store.migrate();
    await store.close();
    return schema;
  };
  try {
    // the queue alone: enqueue every batch, then drain with a consumer that does nothing else
    const schema = await fresh();
    const queue = openQueue(url, { schema, applicationName: 'attune-bench-queue', max: 2 });
    await queue.migrate();
    let pgBefore = await backendCpu(admin, 'attune-bench-queue');
    cpu = process.cpuUsage();
    const jobId = await queue.createJob(
      { kind: 'backfill', keyId: null, rejectsOnRead: [], sealed: true },
      batchesOf(conversations),
    );
    cpu = process.cpuUsage(cpu);
    const enqueueClient = (cpu.user + cpu.system) / N;
    const enqueuePg = spent(pgBefore, await backendCpu(admin, 'attune-bench-queue')) / N;
    pgBefore = await backendCpu(admin, 'attune-bench-queue');
    cpu = process.cpuUsage();
    await queue.work(1, async (batch) => ({ processed: batch.conversations.length, failed: 0, rejects: [] }));
    await waitDone(queue, jobId);
    cpu = process.cpuUsage(cpu);
    const consumeClient = (cpu.user + cpu.system) / N;
    const consumePg = spent(pgBefore, await backendCpu(admin, 'attune-bench-queue')) / N;
    await queue.close();
    const queueUs = enqueueClient + enqueuePg + consumeClient + consumePg;
    console.log(row(['CPU per conversation (µs)', 'client', 'PostgreSQL']));
    console.log(row(['analysis alone (one thread, no queue)', Math.round(analysisUs), '-']));
    console.log(row(['queue: enqueue (API node or backfill)', Math.round(enqueueClient), Math.round(enqueuePg)]));
    console.log(
      row(['queue: take, read batch, mark done, complete', Math.round(consumeClient), Math.round(consumePg)]),
    );
    console.log(
      `  queue overhead: ${Math.round(queueUs)} µs of CPU per conversation = ${((100 * queueUs) / analysisUs).toFixed(1)}% of the analysis (target ≤ 10%)`,
    );

    // 1 and 2 worker processes draining the same job size
    const rates: number[] = [];
    const cpuPerConv: number[] = [];
    const pgPerConvs: number[] = [];
    console.log(
      `  workers run ${BUILT ? 'as shipped: bin/attune.js (the build)' : 'from the sources under tsx (run `npm run build` to measure what ships)'}`,
    );
    console.log(
      row(['workers draining the job', 'conv/s', 'CPU µs/conv', 'its PG µs/conv', 'cores obtained', 'peak RSS MB']),
    );
    for (const count of [1, 2]) {
      const schema = await fresh();
      const queue = openQueue(url, { schema, applicationName: 'attune-bench-enqueue' });
      await queue.migrate();
      const workers = await Promise.all(Array.from({ length: count }, () => startWorker(url, schema)));
      const before = workers.map((w) => cpuOf(w.pid!));
      // the backends serving the workers' store and queue connections (both named attune-worker)
      const pgBefore = await backendCpu(admin, 'attune-worker');
      const started = performance.now();
      const jobId = await queue.createJob(
        { kind: 'backfill', keyId: null, rejectsOnRead: [], sealed: true },
        batchesOf(conversations),
      );
      await waitDone(queue, jobId);
      const seconds = (performance.now() - started) / 1000;
      const workerCpu = workers.reduce((sum, w, i) => sum + cpuOf(w.pid!) - before[i]!, 0);
      const workerPg = spent(pgBefore, await backendCpu(admin, 'attune-worker'));
      const rss = Math.max(...workers.map((w) => peakRssMb(w.pid!)));
      await Promise.all(
        workers.map(
          (w) =>
            new Promise((resolve) => {
              w.once('exit', resolve);
              w.kill('SIGTERM');
            }),
        ),
      );
      await queue.close();
      rates.push(N / seconds);
      cpuPerConv.push(workerCpu / N);
      pgPerConvs.push(workerPg / N);
      // cores obtained: the workers' and their backends' CPU over the wall-clock time; on a shared machine it says how much of it they got
      console.log(
        row([
          `${count} worker process${count > 1 ? 'es' : ''} (1 analysis thread each)`,
          Math.round(N / seconds),
          Math.round(workerCpu / N),
          Math.round(workerPg / N),
          ((workerCpu + workerPg) / 1e6 / seconds).toFixed(2),
          rss,
        ]),
      );
    }
    console.log(
      `  2 workers vs 1: ${(rates[1]! / rates[0]!).toFixed(2)}× wall-clock (target ≥ 1.7×; load average now ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')});` +
        ` per CPU-second: ${(1e6 / cpuPerConv[0]!).toFixed(0)} and ${(1e6 / cpuPerConv[1]!).toFixed(0)} conv/s`,
    );
    const perCore = 1e6 / (analysisUs + consumeClient);
    // what the database spends per conversation: enqueueing, plus the workers' take, read, store and complete
    const pgPerConv = enqueuePg + pgPerConvs[0]!;
    // two cores shared by the workers, their backends and the enqueuing: the most two workers can reach over one
    const ceiling = (2 * cpuPerConv[0]!) / (cpuPerConv[0]! + pgPerConv + enqueueClient);
    console.log(
      `  on these 2 cores 2 workers can reach at most ${ceiling.toFixed(2)}× one: each conversation needs ${Math.round(cpuPerConv[0]!)} µs of worker CPU,` +
        ` ${Math.round(pgPerConv)} µs of PostgreSQL and ${Math.round(enqueueClient)} µs of enqueuing, all on the same cores`,
    );
    console.log(
      `  projection: a worker core analyses ~${Math.round(perCore).toLocaleString('en')} conv/s (1 / CPU per conversation, from the analysis-alone figure);` +
        ` N hosts of C cores ≈ N × C × ${Math.round(perCore).toLocaleString('en')} conv/s while PostgreSQL keeps up:` +
        ` it spends ${Math.round(pgPerConv)} µs per conversation on the queue and the store's writes (${Math.round(1e6 / Math.max(1, pgPerConv)).toLocaleString('en')} conv/s per database core)`,
    );
  } finally {
    for (const schema of schemas)
      await admin.query(`drop schema if exists "${schema}" cascade; drop schema if exists "${schema}_boss" cascade`);
    await admin.end();
  }
}
