import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeConversation } from '../../src/core/analyze.ts';
import { redactConversation } from '../../src/core/privacy/redact.ts';
import { Conversation, type Analysis } from '../../src/core/schema/index.ts';
import { loadEngine } from '../../src/io/engine.ts';
import { startAnalysisPool } from '../../src/server/analysis-pool.ts';
import { buildApp } from '../../src/server/app.ts';
import { ServerConfig } from '../../src/server/config.ts';
import { bodyReader } from '../../src/server/read-body.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

// HTTP ingest: POST /v1/conversations with autocannon on loopback against the embedded SQLite database.
// The server runs in a child process so the load generator does not share its event loop.

const ROOT = join(import.meta.dirname, '..', '..');
const DURATION_SECONDS = 10;
const BATCH = 10;
const CONNECTIONS = 4;

interface AutocannonResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number };
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function exampleTemplates(): string[] {
  const dir = join(ROOT, 'examples', 'conversations');
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((line) => line.trim() !== ''))
    .map((line) => JSON.stringify({ ...(JSON.parse(line) as object), id: '__ID__' }));
}

type Mode = 'pool' | 'inline' | 'constant';

/**
 * Child mode: serve the app on a free loopback port. `pool` analyses on worker threads as `attune serve` does,
 * `inline` on the HTTP thread, `constant` replaces analysis by a stored result to measure HTTP + redaction + storage alone.
 */
async function serveChild(db: string, mode: Mode): Promise<void> {
  const store = openSqliteStore(db);
  await store.migrate();
  const { secret } = await store.createKey({ name: 'bench', role: 'admin' });
  const engine = await loadEngine();
  let analyze = analyzeConversation;
  if (mode === 'constant') {
    const sample = analyzeConversation(Conversation.parse(JSON.parse(exampleTemplates()[0]!.replace('__ID__', 'sample'))), engine);
    analyze = (conversation) => ({ ...sample, id: conversation.id }) as Analysis;
  }
  const config = ServerConfig.parse({ port: 0, database: { kind: 'sqlite', file: db }, rateLimitPerMinute: 10_000_000 });
  const pool = mode === 'pool' ? await startAnalysisPool(Math.max(1, availableParallelism() - 1)) : null;
  const app = buildApp({ store, engine, analyze, readInputs: bodyReader(), redact: redactConversation, config, ...(pool ? { processBatch: pool.process } : {}) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url, key: secret })}\n`);
}

function startChild(db: string, mode: string): Promise<{ child: ChildProcess; url: string; key: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'http.ts'), '--child', db, mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ child, ...(JSON.parse(out.split('\n')[0]!) as { url: string; key: string }) });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
}

async function run(mode: Mode, label: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-http-'));
  const server = await startChild(join(dir, 'bench.sqlite'), mode);
  try {
    const templates = exampleTemplates();
    let sent = 0;
    const nextBody = () => {
      const parts: string[] = [];
      for (let i = 0; i < BATCH; i++, sent++) parts.push(templates[sent % templates.length]!.replace('__ID__', `bench-${sent}`));
      return `[${parts.join(',')}]`;
    };
    const result = await autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      requests: [{
        method: 'POST', path: '/v1/conversations',
        headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
        setupRequest: (request: Record<string, unknown>) => ({ ...request, body: nextBody() }),
      }],
    });
    const perSecond = (result['2xx'] * BATCH) / result.duration;
    const failures = result.non2xx + result.errors + result.timeouts;
    console.log(`  ${label.padEnd(58)} ${perSecond.toFixed(0).padStart(6)} conversations/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms${failures ? `   (${failures} failed requests)` : ''}`);
  } finally {
    server.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints conversations/s sustained and p99 latency of `POST /v1/conversations`. */
export async function bench(): Promise<void> {
  console.log(`\nHTTP ingest (POST /v1/conversations, ${BATCH} conversations per request, ${CONNECTIONS} connections, ${DURATION_SECONDS} s, loopback, SQLite; target >= 1000/s, p99 < 100 ms)`);
  const workers = Math.max(1, availableParallelism() - 1);
  await run('pool', `full pipeline, ${workers} analysis worker thread${workers > 1 ? 's' : ''} (as attune serve)`);
  await run('inline', 'full pipeline, analysis on the HTTP thread');
  await run('constant', 'HTTP + redact + store (analysis precomputed)');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--child') await serveChild(process.argv[3]!, (['pool', 'inline', 'constant'] as const).find((m) => m === process.argv[4]) ?? 'pool');
  else await bench();
}
