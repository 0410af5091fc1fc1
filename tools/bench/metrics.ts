import { createRandom as rng } from '../../src/core/training/prng.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { buildApp } from '../../src/server/app.ts';
import { ServerConfig } from '../../src/server/config.ts';
import { bodyReader } from '../../src/server/read-body.ts';
import { fakeConversation, fakeItem } from '../../src/store/fixtures.ts';
import { rebuildRollup } from '../../src/store/rollup.ts';
import type { Database } from '../../src/store/tables.ts';
import { localTime } from '../../src/store/local-time.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { GROUP_BY } from '../../src/api/index.ts';
import { DEFAULT_SHIFTS } from '../../src/store/options.ts';
import { ALL } from '../../src/store/scope.ts';
import type { MetricsQuery } from '../../src/api/index.ts';
import type { Scope } from '../../src/store/scope.ts';
import type { Store } from '../../src/store/store.ts';

const CHANNELS = ['voice', 'chat', 'email', 'messaging', 'social', 'ticket'];
const RUNS = 7;

/** Writes `rows` flattened conversations straight into the table, bypassing the JSON work of ingest. */
function bulkLoad(file: string, rows: number): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  const insert =
    db.prepare(`insert into conversations (id, customer_id, agent_id, team, channel, queue, started_at, sort_at,
    day, week, shift, handle_time_seconds, skipped, tier, empathy, compassion, overall, sentiment_shift, heard_not_helped,
    human_required, missed_moments, total_moments, repeat_contact, vulnerable, received_at, conversation_json, analysis_json)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, '{}')`);
  const random = rng(42);
  const start = Date.parse('2025-01-01T00:00:00Z');
  const year = 365 * 86_400_000;
  const local = new Map<number, ReturnType<typeof localTime>>();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const agent = Math.floor(random() * 300);
      // Times rise through the year (as a live system's do) and fall on whole minutes,
      // so the local-time lookup can be cached per minute.
      const minute = Math.floor(((i + random()) / rows) * (year / 60_000));
      const at = new Date(start + minute * 60_000);
      let l = local.get(minute);
      if (!l) local.set(minute, (l = localTime(at, DEFAULT_SHIFTS)));
      const iso = at.toISOString();
      const skipped = random() < 0.02;
      const s = () => (skipped ? null : Math.round(random() * 100));
      const flag = (p: number) => (skipped ? null : random() < p ? 1 : 0);
      const moments = skipped ? null : Math.floor(random() * 4);
      insert.run(
        `conv-${i}`,
        `cust-${Math.floor(random() * 200_000)}`,
        `agent-${agent}`,
        `team-${agent % 25}`,
        CHANNELS[i % CHANNELS.length],
        `queue-${Math.floor(random() * 12)}`,
        iso,
        iso,
        l.day,
        l.week,
        l.shift,
        skipped || random() < 0.3 ? null : Math.round(random() * 1800),
        skipped ? 1 : 0,
        skipped ? null : 1 + (i % 3),
        s(),
        s(),
        s(),
        skipped ? null : Math.round(random() * 200) - 100,
        flag(0.2),
        flag(0.1),
        moments === null ? null : Math.floor(random() * (moments + 1)),
        moments,
        flag(0.15),
        flag(0.05),
        iso,
      );
    }
  });
  for (let i = 0; i < rows; i += 50_000) batch(i, Math.min(rows, i + 50_000));
  db.pragma('optimize');
  db.close();
}

async function median(store: Store, scope: Scope, query: MetricsQuery): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await store.metrics(scope, query);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** What keeping the rollup costs ingest: `saveAnalysed` in batches of 100 on the loaded store. */
async function ingest(store: Store): Promise<void> {
  const batches = 20;
  const all = Array.from({ length: batches }, (_, b) =>
    Array.from({ length: 100 }, (_, i) =>
      fakeItem(
        fakeConversation({
          id: `ingest-${b}-${i}`,
          channel: 'chat',
          startedAt: new Date(Date.UTC(2025, 5, 1 + (i % 28), 10)).toISOString(),
          agent: { id: `agent-${i}`, team: `team-${i % 25}` },
          customer: { id: `c-${i}` },
        }),
        { empathy: 50, compassion: 60, overall: 55, sentimentShift: 5, moments: ['missed', 'met-specific'] },
      ),
    ),
  );
  const t = performance.now();
  for (const items of all) await store.saveAnalysed(items);
  const seconds = (performance.now() - t) / 1000;
  console.log(
    `metrics: saveAnalysed with rollup upkeep: ${Math.round((batches * 100) / seconds)} conversations/s (batches of 100)`,
  );
}

/** The API over a store for benchmarks that only read: an admin key, and no engine (analysing throws). */
export async function readOnlyApp(store: Store, file: string, webRoot?: string) {
  const { secret } = await store.createKey({ name: 'bench', role: 'admin' });
  const never = () => {
    throw new Error('a read-only benchmark analyses nothing');
  };
  const app = buildApp({
    store,
    engine: null,
    analyze: never,
    readInputs: bodyReader(),
    redact: never,
    webRoot,
    config: ServerConfig.parse({ database: { kind: 'sqlite', file }, rateLimitPerMinute: 10_000_000 }),
  });
  return { app, secret };
}

/** The slowest query through the whole API (key lookup, validation, JSON reply), in process with `inject`. */
async function overHttp(store: Store, file: string): Promise<void> {
  const { app, secret } = await readOnlyApp(store, file);

  await app.ready();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const response = await app.inject({
      method: 'GET',
      url: '/v1/metrics?groupBy=agent',
      headers: { authorization: `Bearer ${secret}` },
    });
    times.push(performance.now() - t);
    if (response.statusCode !== 200)
      throw new Error(`GET /v1/metrics answered ${response.statusCode}: ${response.body}`);
  }
  await app.close();
  console.log(
    `metrics: GET /v1/metrics?groupBy=agent (all time, admin key) through the app: median ${times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!.toFixed(1)} ms`,
  );
}

/** Makes an embedded store of `rows` synthetic analysed conversations (a year of them) with its rollup; says how long it took. */
export async function largeStore(file: string, rows: number): Promise<string> {
  const setup = openSqliteStore(file);
  await setup.migrate();
  await setup.close();
  let t = performance.now();
  bulkLoad(file, rows);
  const loaded = (performance.now() - t) / 1000;
  t = performance.now();
  const raw = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
  await rebuildRollup(raw);
  await raw.destroy();
  return `loaded ${rows.toLocaleString('en')} conversations in ${loaded.toFixed(1)} s, rollup rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s`;
}

/** Median latency of `metrics()` for each groupBy over a large embedded store. */
export async function bench(): Promise<void> {
  const rows = Number(process.env.ATTUNE_BENCH_METRICS_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-metrics-'));
  const file = join(dir, 'metrics.db');
  try {
    console.log(`metrics: ${await largeStore(file, rows)}`);
    const store = openSqliteStore(file);
    // Edges mid-day, so the partial first and last days come from raw rows.
    const month = { from: '2025-06-01T09:30:00Z', to: '2025-07-01T17:45:00Z' };
    const team: Scope = { kind: 'teams', teams: ['team-3'] };
    console.log('metrics: median of %d runs (ms), target < 300', RUNS);
    console.log('  groupBy    all-time   one month   one team (scoped)');
    for (const groupBy of [...GROUP_BY, undefined]) {
      const by = groupBy ? { groupBy } : {};
      const all = await median(store, ALL, by);
      const m = await median(store, ALL, { ...by, ...month });
      const scoped = await median(store, team, by);
      console.log(
        `  ${(groupBy ?? '(total)').padEnd(9)} ${all.toFixed(1).padStart(9)} ${m.toFixed(1).padStart(11)} ${scoped.toFixed(1).padStart(19)}`,
      );
    }
    await overHttp(store, file);
    await ingest(store);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
