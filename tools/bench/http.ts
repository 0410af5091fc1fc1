import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeConversation } from '../../src/core/analyze.ts';
import { redactConversation } from '../../src/core/privacy/redact.ts';
import { Conversation, type Analysis } from '../../src/core/schema/index.ts';
import { loadEngine } from '../../src/io/engine.ts';
import { startAnalysisPool } from '../../src/server/analysis-pool.ts';
import { buildApp } from '../../src/server/app.ts';
import { ServerConfig } from '../../src/server/config.ts';
import { bodyReader } from '../../src/server/read-body.ts';
import { pseudonymizing } from '../../src/store/hash-key.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

// HTTP ingest: POST /v1/conversations with autocannon on loopback against the embedded SQLite database.
// The server runs in a child process so the load generator does not share its event loop.

const ROOT = join(import.meta.dirname, '..', '..');
const DURATION_SECONDS = 10;
const WARMUP_SECONDS = 2;
const BATCH = 10;
const CONNECTIONS = 4;
/** As `attune serve` sizes its pool: one analysis thread per core but the HTTP thread's; ATTUNE_BENCH_HTTP_WORKERS overrides. */
const WORKERS = Number(process.env.ATTUNE_BENCH_HTTP_WORKERS ?? Math.max(1, availableParallelism() - 1));

interface AutocannonResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number };
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function exampleTemplates(): string[] {
  const dir = join(ROOT, 'examples', 'conversations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    )
    .map((line) => JSON.stringify({ ...(JSON.parse(line) as object), id: '__ID__' }));
}

type Mode = 'pool' | 'inline' | 'constant';

/**
 * Child mode: serve the app on a free loopback port. `pool` analyses on worker threads as `attune serve` does,
 * `inline` on the HTTP thread, `constant` replaces analysis by a stored result to measure HTTP + redaction + storage alone.
 */
async function serveChild(db: string, mode: Mode): Promise<void> {
  // `pool` is the server as `attune serve` runs it: a writer thread for SQLite, keyed pseudonyms
  const store = openSqliteStore(db, {}, { writerThread: mode === 'pool' });
  await store.migrate();
  const hashKey = await store.hashKey();
  const { secret } = await store.createKey({ name: 'bench', role: 'admin' });
  const engine = await loadEngine();
  let analyze = analyzeConversation;
  if (mode === 'constant') {
    const sample = analyzeConversation(
      Conversation.parse(JSON.parse(exampleTemplates()[0]!.replace('__ID__', 'sample'))),
      engine,
    );
    analyze = (conversation) => ({ ...sample, id: conversation.id }) as Analysis;
  }
  const config = ServerConfig.parse({
    port: 0,
    database: { kind: 'sqlite', file: db },
    rateLimitPerMinute: 10_000_000,
  });
  const pool = mode === 'pool' ? await startAnalysisPool(WORKERS, {}, hashKey) : null;
  const app = buildApp({
    store,
    engine,
    analyze,
    readInputs: bodyReader(),
    redact: pool ? pseudonymizing(hashKey) : redactConversation,
    config,
    live: { engine },
    ...(pool ? { processBatch: pool.process } : {}),
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  // Exit normally on SIGTERM so `--cpu-prof` (ATTUNE_BENCH_CPU_PROF) can write its profiles.
  process.once(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => pool?.close())
        .then(() => store.close())
        .finally(() => process.exit(0)),
  );
  // SIGUSR2 prints the HTTP thread's event-loop delay since the last SIGUSR2 (or start), and the heap after a full GC, as a
  // JSON line, and starts the delay histogram again (the live bench's figures)
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  process.on('SIGUSR2', () => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const eventLoopDelay = {
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
      mean: ms(delay.mean),
    };
    gc();
    const heapUsed = process.memoryUsage().heapUsed;
    delay.reset();
    process.stdout.write(`${JSON.stringify({ eventLoopDelay, heapUsed })}\n`);
  });
  process.stdout.write(`${JSON.stringify({ url, key: secret })}\n`);
}

export function startChild(db: string, mode: string): Promise<{ child: ChildProcess; url: string; key: string }> {
  const profile = process.env.ATTUNE_BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ATTUNE_BENCH_CPU_PROF}`]
    : [];
  // e.g. ATTUNE_BENCH_NODE_FLAGS=--trace-gc: the server's own output is then copied to stderr
  const flags = process.env.ATTUNE_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...profile, ...flags, '--import', 'tsx', join(import.meta.dirname, 'http.ts'), '--child', db, mode],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (flags.length) child.stdout!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ child, ...(JSON.parse(line) as { url: string; key: string }) });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
}

/**
 * CPU seconds used so far by a process and by its main (HTTP) thread, from /proc (Linux; null elsewhere).
 * Unlike throughput, CPU per conversation hardly moves when other jobs share the machine.
 */
export function cpuSeconds(pid: number): { all: number; main: number } | null {
  const ticks = (stat: string) => {
    const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  };
  const stat = `/proc/${pid}/stat`;
  return existsSync(stat) ? { all: ticks(stat), main: ticks(`/proc/${pid}/task/${pid}/stat`) } : null;
}

async function run(mode: Mode, label: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-http-'));
  const server = await startChild(join(dir, 'bench.sqlite'), mode);
  try {
    const templates = exampleTemplates();
    let sent = 0;
    const nextBody = () => {
      const parts: string[] = [];
      for (let i = 0; i < BATCH; i++, sent++)
        parts.push(templates[sent % templates.length]!.replace('__ID__', `bench-${sent}`));
      return `[${parts.join(',')}]`;
    };
    const load = (duration: number) =>
      autocannon({
        url: server.url,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: 'POST',
            path: '/v1/conversations',
            headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
            setupRequest: (request: Record<string, unknown>) => ({ ...request, body: nextBody() }),
          },
        ],
      });
    // Unmeasured warm-up: the JIT compiles the hot paths and SQLite's caches fill, as in a server that has been up a while.
    await load(WARMUP_SECONDS);
    const cpuBefore = cpuSeconds(server.child.pid!);
    const loaderBefore = process.cpuUsage();
    const result = await load(DURATION_SECONDS);
    const loader = process.cpuUsage(loaderBefore);
    const cpuAfter = cpuSeconds(server.child.pid!);
    // Only 200 means every conversation of the request was analysed and stored (207 lists rejected ones).
    const stored = result.statusCodeStats['200']?.count ?? 0;
    const conversations = stored * BATCH;
    const perSecond = conversations / result.duration;
    const failures = result['2xx'] - stored + result.non2xx + result.errors + result.timeouts;
    const cpu =
      cpuBefore && cpuAfter && conversations > 0
        ? `   server CPU ${((1000 * (cpuAfter.all - cpuBefore.all)) / conversations).toFixed(2)} ms/conversation (HTTP thread ${((1000 * (cpuAfter.main - cpuBefore.main)) / conversations).toFixed(2)}; load generator ${((loader.user + loader.system) / 1000 / conversations).toFixed(2)})`
        : '';
    console.log(
      `  ${label.padEnd(58)} ${perSecond.toFixed(0).padStart(6)} conversations/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms${cpu}${failures ? `   (${failures} failed requests)` : ''}`,
    );
  } finally {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints conversations/s sustained and p99 latency of `POST /v1/conversations`. */
export async function bench(): Promise<void> {
  const templates = exampleTemplates();
  const meanBytes = templates.reduce((n, t) => n + Buffer.byteLength(t), 0) / templates.length;
  console.log(
    [
      `\nHTTP ingest: POST /v1/conversations, target >= 1000 conversations/s with p99 < 100 ms`,
      `  ${BATCH} conversations per request (the ${templates.length} examples in rotation with fresh ids; ~${((BATCH * meanBytes) / 1024).toFixed(0)} KiB JSON body), ${CONNECTIONS} connections,`,
      `  ${WARMUP_SECONDS} s unmeasured warm-up then ${DURATION_SECONDS} s measured; conversations/s = 200 responses (all stored) x ${BATCH} / duration; latency per request.`,
      `  Server in a child process on loopback with a fresh embedded SQLite file; autocannon runs in this process on the same`,
      `  ${availableParallelism()}-core machine and competes with the server for CPU. Load average before: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}.`,
    ].join('\n'),
  );
  const workers = WORKERS;
  const labels: Record<Mode, string> = {
    pool: `full pipeline, ${workers} analysis worker thread${workers > 1 ? 's' : ''}${process.env.ATTUNE_BENCH_HTTP_WORKERS ? '' : ' (as attune serve)'}`,
    inline: 'full pipeline, analysis on the HTTP thread',
    constant: 'HTTP + redact + store (analysis precomputed)',
  };
  // ATTUNE_BENCH_HTTP_MODES=pool,constant runs some of the modes (e.g. while profiling).
  const chosen = process.env.ATTUNE_BENCH_HTTP_MODES?.split(',') ?? Object.keys(labels);
  for (const mode of Object.keys(labels) as Mode[]) if (chosen.includes(mode)) await run(mode, labels[mode]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--child')
    await serveChild(
      process.argv[3]!,
      (['pool', 'inline', 'constant'] as const).find((m) => m === process.argv[4]) ?? 'pool',
    );
  else await bench();
}
