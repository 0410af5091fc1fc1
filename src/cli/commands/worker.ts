import { availableParallelism } from 'node:os';
import { analyzeConversation, type AnalyzeOptions } from '../../core/analyze.ts';
import type { Conversation } from '../../core/schema/index.ts';
import { loadEngine, type EngineOptions } from '../../io/engine.ts';
import { startAnalysisPool, type AnalysisPool } from '../../server/analysis-pool.ts';
import { processOne } from '../../server/process.ts';
import { analyseBatch } from '../../server/jobs-work.ts';
import { readFileConfig } from '../../server/main.ts';
import { describeDatabase } from '../../server/config.ts';
import { openPostgresStore } from '../../store/postgres.ts';
import { openQueue, type QueueOptions } from '../../store/queue.ts';
import { parseFlags } from '../args.ts';

const HELP = `usage: attune worker --database postgres://URL [--schema NAME] [--concurrency N] [--config FILE]

Takes batches of conversations queued by API nodes (attune serve --queue) or attune backfill, analyses them and
stores them, until SIGTERM/SIGINT (it finishes the batches in hand first). Run one or more per host.

  --database     PostgreSQL URL (also --db, DATABASE_URL or ATTUNE_DB)
  --schema       PostgreSQL schema, as given to attune serve (ATTUNE_DB_SCHEMA)
  --concurrency  batches analysed at once, one analysis thread each (default 1; one per core is the most that helps)
  --config       the same JSON file as attune serve's (shifts, lexicon overlay): workers must analyse as the API would

environment: ATTUNE_QUEUE_EXPIRE_SECONDS: how long a batch may stay with a worker before another takes it (a
             killed worker's batch waits this long; keep it above the longest batch's analysis time). A setting of
             the queue, written by the process started with it, for batches queued from then on (120 s at first);
             ATTUNE_QUEUE_MAINTENANCE_SECONDS (15): how often expired batches are put back, and batches the
             queue gave up on (they killed their worker on every try) are counted failed, so their job ends;
             ATTUNE_JOB_RETENTION_DAYS (30): finished jobs (their status and rejections) are deleted this long after
             their last batch; 0 keeps them
`;

const FLAGS = {
  database: { type: 'string' },
  db: { type: 'string' },
  schema: { type: 'string' },
  concurrency: { type: 'string', default: '1' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const DEFAULT_JOB_RETENTION_DAYS = 30;

const positive = (value: string | undefined) =>
  value !== undefined && /^\d+$/.test(value.trim()) && Number(value) > 0 ? Number(value) : undefined;

/** The queue's timing from the environment (shared by worker and backfill). */
export function queueTiming(
  env: NodeJS.ProcessEnv,
): Pick<QueueOptions, 'expireInSeconds' | 'maintenanceIntervalSeconds'> {
  const expire = positive(env.ATTUNE_QUEUE_EXPIRE_SECONDS);
  const maintenance = positive(env.ATTUNE_QUEUE_MAINTENANCE_SECONDS);
  return {
    ...(expire ? { expireInSeconds: expire } : {}),
    ...(maintenance ? { maintenanceIntervalSeconds: maintenance } : {}),
  };
}

/** Days a finished job is kept (0: for ever), from the environment; null when the value is not a whole number. */
export function jobRetentionDays(env: NodeJS.ProcessEnv): number | null {
  const value = env.ATTUNE_JOB_RETENTION_DAYS?.trim();
  if (value === undefined || value === '') return DEFAULT_JOB_RETENTION_DAYS;
  return /^\d{1,5}$/.test(value) ? Number(value) : null;
}

/** The PostgreSQL URL and schema of a queue command, or why there is none. */
export function databaseOf(
  values: { database?: string | undefined; db?: string | undefined; schema?: string | undefined },
  env: NodeJS.ProcessEnv,
): { url: string; schema?: string } | string {
  const url = values.database ?? values.db ?? env.DATABASE_URL ?? env.ATTUNE_DB;
  if (!url || !/^postgres(ql)?:\/\/\S+$/.test(url))
    return `--database must be a postgres:// URL (the queue lives in PostgreSQL)${url ? `; got "${url}"` : ''}`;
  const schema = values.schema ?? env.ATTUNE_DB_SCHEMA;
  return { url, ...(schema ? { schema } : {}) };
}

/** The pipeline on this thread, without redaction (queued conversations were redacted by whoever queued them). */
async function inlineAnalysis(options: EngineOptions): Promise<Pick<AnalysisPool, 'process' | 'close'>> {
  const engine = await loadEngine(options);
  const steps = {
    analyze: (conversation: Conversation, analyzeOptions: AnalyzeOptions) =>
      analyzeConversation(conversation, engine, analyzeOptions),
  };
  return { process: async (jobs) => jobs.map((job) => processOne(job, steps)), close: async () => {} };
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok) {
    process.stderr.write(`attune worker: ${parsed.message}\n\n${HELP}`);
    return 64;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const db = databaseOf(parsed.values, process.env);
  const concurrency = positive(parsed.values.concurrency);
  if (typeof db === 'string' || concurrency === undefined || concurrency > 64) {
    process.stderr.write(
      `attune worker: ${typeof db === 'string' ? db : '--concurrency must be a whole number from 1 to 64'}\n`,
    );
    return 64;
  }
  const retentionDays = jobRetentionDays(process.env);
  if (retentionDays === null) {
    process.stderr.write('attune worker: ATTUNE_JOB_RETENTION_DAYS must be a whole number of days (0 keeps jobs)\n');
    return 64;
  }
  if (concurrency > availableParallelism())
    process.stderr.write(
      `attune worker: note: --concurrency ${concurrency} is more than the ${availableParallelism()} cores here\n`,
    );
  const fileConfig = readFileConfig(parsed.values.config);
  const store = openPostgresStore(db.url, {
    ...(db.schema ? { schema: db.schema } : {}),
    ...(fileConfig.shifts ? { shifts: fileConfig.shifts } : {}),
    applicationName: 'attune-worker',
  });
  const queue = openQueue(db.url, {
    ...(db.schema ? { schema: db.schema } : {}),
    ...queueTiming(process.env),
    applicationName: 'attune-worker',
    max: concurrency + 2,
  });
  const engineOptions = fileConfig.lexicon ? { configFile: fileConfig.lexicon } : {};
  let pool: Pick<AnalysisPool, 'process' | 'close'> | undefined;
  try {
    await store.migrate();
    await queue.migrate();
    // one batch at a time is analysed on this thread: a second V8 heap and engine would cost ~100 MB for nothing
    pool =
      concurrency === 1
        ? await inlineAnalysis(engineOptions)
        : await startAnalysisPool(concurrency, engineOptions, undefined, true);
  } catch (error) {
    await queue.close().catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
  const analysis = pool;
  let done = 0;
  let lastError = '';
  await queue.work(
    concurrency,
    async (batch) => {
      const outcome = await analyseBatch(batch, { store, processBatch: analysis.process });
      done += batch.conversations.length;
      return outcome;
    },
    (error) => {
      // one line per distinct error: a database restart would otherwise print the same line every second
      if (error.message !== lastError) process.stderr.write(`attune worker: ${error.message} (retrying)\n`);
      lastError = error.message;
    },
  );
  process.stdout.write(
    `attune worker: taking batches from ${describeDatabase({ kind: 'postgres', url: db.url, ...(db.schema ? { schema: db.schema } : {}) })} with ${concurrency} analysis thread${concurrency === 1 ? '' : 's'} (pid ${process.pid})\n`,
  );
  // every worker does the upkeep: there is no other process to count on; both statements are idempotent
  const upkeep = async () => {
    const settled = await queue.settleDead();
    if (settled) process.stderr.write(`attune worker: ${settled} batch(es) the queue gave up on counted failed\n`);
    if (retentionDays > 0) await queue.purgeFinished(retentionDays);
  };
  const upkeepTimer = setInterval(
    () => void upkeep().catch((error: Error) => process.stderr.write(`attune worker: upkeep: ${error.message}\n`)),
    (queueTiming(process.env).maintenanceIntervalSeconds ?? 15) * 1000,
  );
  upkeepTimer.unref();
  const report = setInterval(
    () => process.stderr.write(`attune worker: ${done.toLocaleString('en')} conversations analysed\n`),
    60_000,
  );
  report.unref();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(report);
  clearInterval(upkeepTimer);
  await queue.close();
  await analysis.close();
  await store.close();
  process.stdout.write(`attune worker: stopped after ${done.toLocaleString('en')} conversations\n`);
  return 0;
}
