import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobReject, JobStatus } from '../../api/jobs.ts';
import {
  describeRejection,
  parseColumnMap,
  parseRoleNames,
  readInputs,
  ReadOptions,
  type InputRecord,
  type ReadOptionsInput,
} from '../../io/read/index.ts';
import { readFileConfig } from '../../server/main.ts';
import { jobReject, withoutText } from '../../server/jobs-ingest.ts';
import { fingerprint } from '../../store/flatten.ts';
import { pseudonymizing } from '../../store/hash-key.ts';
import { openPostgresStore } from '../../store/postgres.ts';
import { openQueue, type BatchInput } from '../../store/queue.ts';
import { parseFlags } from '../args.ts';
import { databaseOf, queueTiming } from './worker.ts';

const HELP = `usage: attune backfill FILE... --database postgres://URL [--workers N] [options]

Queues every conversation of the files (any format attune analyze reads), redacted, in batches, and shows progress
(processed, rate, ETA) until every batch is analysed and stored. With --workers N it starts N attune worker processes
here and stops them at the end; with --workers 0 the workers of a running cluster do the work.

Resumable: the job is named after the files (path, size, time modified) unless --job is given, and each batch after
its place in the files. A batch is recorded in the same transaction as its queue message, so after a crash the same
command re-reads the files, skips every batch already recorded (queued or done) and queues only the rest.

  --database       PostgreSQL URL (also --db, DATABASE_URL or ATTUNE_DB)
  --schema         PostgreSQL schema (ATTUNE_DB_SCHEMA)
  --workers N      worker processes to start here (default 1; 0: use the cluster's)
  --concurrency N  analysis threads per started worker (default 1)
  --batch N        conversations per queued batch (default 100: the queue's cost is per batch)
  --max-queued N   conversations queued and not yet done before reading pauses (default 20000): memory and the
                   database stay bounded whatever the size of the files
  --job NAME       the job's id (default: derived from the files)
  --config FILE    attune serve's JSON config (the lexicon overlay is passed to the started workers)
  --input-format, --map, --roles, --agent-domains, --opt-out-field, --channel: as for attune analyze

Exit codes: 0 every record stored, 2 some refused (listed by GET /v1/jobs/ID), 1 a setup error, 64 bad flags,
66 a missing file, 130 interrupted (run the same command again to resume).`;

const FLAGS = {
  database: { type: 'string' },
  db: { type: 'string' },
  schema: { type: 'string' },
  workers: { type: 'string', default: '1' },
  concurrency: { type: 'string', default: '1' },
  batch: { type: 'string', default: '100' },
  'max-queued': { type: 'string', default: '20000' },
  job: { type: 'string' },
  config: { type: 'string' },
  'input-format': { type: 'string' },
  map: { type: 'string' },
  roles: { type: 'string' },
  'agent-domains': { type: 'string' },
  'opt-out-field': { type: 'string' },
  channel: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const count = (value: string, min: number, max: number) =>
  /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max ? Number(value) : undefined;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The job id of a backfill of these files with these options: the same files unchanged give the same id. */
export function backfillJobId(files: string[], options: ReadOptionsInput): string {
  const identity = files.map((file) => {
    const stat = statSync(file);
    return [resolve(file), stat.size, stat.mtimeMs];
  });
  return `backfill-${createHash('sha256')
    .update(JSON.stringify([identity, options]))
    .digest('hex')
    .slice(0, 20)}`;
}

/** Non-empty lines of JSONL files (one conversation each), for the ETA; undefined for other formats. */
async function countRecords(files: string[], format: string | undefined): Promise<number | undefined> {
  if (!files.every((file) => format === 'jsonl' || (!format && /\.(jsonl|ndjson)$/i.test(file)))) return undefined;
  let total = 0;
  for (const file of files) {
    let last = 10;
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
        if (i > 0 ? chunk[i - 1] !== 10 && chunk[i - 1] !== 13 : last !== 10) total++;
      }
      last = chunk[chunk.length - 1] ?? last;
    }
    if (last !== 10) total++;
  }
  return total;
}

/** "1h02m", "3m05s", "12s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** The progress line: processed of the total (or of what is queued so far, while reading), the rate since start and the ETA. */
export function progressLine(
  status: Pick<JobStatus, 'processed' | 'failed' | 'total'>,
  expected: number | undefined,
  reading: boolean,
  rate: number,
): string {
  const done = status.processed + status.failed;
  const total = expected ?? status.total;
  const of = `${reading && expected === undefined ? '≥' : ''}${total.toLocaleString('en')}`;
  const pct = total > 0 ? ` (${((100 * done) / total).toFixed(1)}%)` : '';
  const eta = rate > 0 && !(reading && expected === undefined) ? `  ETA ${duration((total - done) / rate)}` : '';
  return `processed ${done.toLocaleString('en')} of ${of}${pct}  ${Math.round(rate).toLocaleString('en')} conv/s${eta}${status.failed ? `  ${status.failed.toLocaleString('en')} refused` : ''}`;
}

/** The CLI's entry, to start workers with: the TypeScript source under tsx (tests, a checkout), else the built one. */
/** How to start `attune worker` from this process: its entry point, under the heap bound this process runs with. */
export function workerCommand(execArgv: readonly string[] = process.execArgv): string[] {
  const main = new URL(`../main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  // bin/attune.js's heap bound, however this process was started: unbounded, V8 lets a worker grow to ~400 MB
  const given = execArgv.filter((flag) => flag.startsWith('--max-old-space-size='));
  const heap = given.length > 0 ? given : ['--max-old-space-size=1024'];
  return import.meta.url.endsWith('.ts')
    ? [...heap, '--import', 'tsx', fileURLToPath(main)]
    : [...heap, fileURLToPath(main)];
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok) {
    process.stderr.write(`attune backfill: ${parsed.message}\n\n${HELP}\n`);
    return 64;
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const db = databaseOf(values, process.env);
  const workers = count(values.workers, 0, 64);
  const concurrency = count(values.concurrency, 1, 64);
  const batchSize = count(values.batch, 1, 10_000);
  const maxQueued = count(values['max-queued'], 1, 100_000_000);
  const bad =
    typeof db === 'string'
      ? db
      : files.length === 0
        ? 'give at least one FILE'
        : workers === undefined
          ? '--workers must be a whole number from 0 to 64'
          : concurrency === undefined
            ? '--concurrency must be a whole number from 1 to 64'
            : batchSize === undefined
              ? '--batch must be a whole number from 1 to 10000'
              : maxQueued === undefined
                ? '--max-queued must be a whole number of at least 1'
                : undefined;
  if (
    bad ||
    typeof db === 'string' ||
    workers === undefined ||
    concurrency === undefined ||
    batchSize === undefined ||
    maxQueued === undefined
  ) {
    process.stderr.write(`attune backfill: ${bad}\n`);
    return 64;
  }
  const missing = files.find((file) => !existsSync(file));
  if (missing) {
    process.stderr.write(`attune backfill: no such file: ${missing}\n`);
    return 66;
  }
  const readOptions: ReadOptionsInput = {
    ...(values['input-format'] ? { inputFormat: values['input-format'] as ReadOptionsInput['inputFormat'] } : {}),
    ...(values.map ? { columnMap: parseColumnMap(values.map) } : {}),
    ...(values.roles ? { roleNames: parseRoleNames(values.roles) as ReadOptionsInput['roleNames'] } : {}),
    ...(values['agent-domains']
      ? {
          agentDomains: values['agent-domains']
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean),
        }
      : {}),
    ...(values['opt-out-field'] ? { optOutField: values['opt-out-field'] } : {}),
    ...(values.channel ? { channel: values.channel as NonNullable<ReadOptionsInput['channel']> } : {}),
  };
  const checked = ReadOptions.safeParse(readOptions);
  if (!checked.success) {
    process.stderr.write(
      `attune backfill: ${checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}\n`,
    );
    return 64;
  }
  readFileConfig(values.config);
  const jobId = values.job ?? backfillJobId(files, readOptions);
  const store = openPostgresStore(db.url, {
    ...(db.schema ? { schema: db.schema } : {}),
    applicationName: 'attune-backfill',
  });
  const queue = openQueue(db.url, {
    ...(db.schema ? { schema: db.schema } : {}),
    ...queueTiming(process.env),
    applicationName: 'attune-backfill',
  });
  const children = new Set<ChildProcess>();
  let interrupted = false;
  let finished = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await store.migrate();
    await queue.migrate();
    const redact = pseudonymizing(await store.hashKey());
    const recorded = await queue.batchNumbers(jobId);
    await queue.createJob({ id: jobId, kind: 'backfill', keyId: null, rejectsOnRead: [], sealed: false }, []);
    process.stderr.write(
      `attune backfill: job ${jobId}${recorded.size > 0 ? ` (resuming: ${recorded.size.toLocaleString('en')} batches already queued or done)` : ''}\n`,
    );
    const startWorker = () => {
      const child = spawn(
        process.execPath,
        [
          ...workerCommand(),
          'worker',
          '--database',
          db.url,
          ...(db.schema ? ['--schema', db.schema] : []),
          '--concurrency',
          String(concurrency),
          ...(values.config ? ['--config', values.config] : []),
        ],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
          env: process.env,
        },
      );
      children.add(child);
      child.once('exit', (code, signal) => {
        children.delete(child);
        // a worker that dies is replaced (its batch goes back to the queue after its expiry)
        if (!interrupted && !finished) {
          process.stderr.write(`\nattune backfill: a worker stopped (${signal ?? `exit ${code}`}); starting another\n`);
          startWorker();
        }
      });
    };
    for (let i = 0; i < workers; i++) startWorker();

    const expected = await countRecords(files, readOptions.inputFormat);
    const started = Date.now();
    const initial = await queue.status(jobId);
    const doneAtStart = initial ? initial.processed + initial.failed : 0;
    let reading = true;
    const tty = process.stderr.isTTY === true;
    let shownAt = 0;
    const show = async (force = false) => {
      if (!force && Date.now() - shownAt < (tty ? 1000 : 10_000)) return undefined;
      shownAt = Date.now();
      const status = (await queue.status(jobId))!;
      const rate = ((status.processed + status.failed - doneAtStart) * 1000) / Math.max(1, Date.now() - started);
      process.stderr.write(
        `${tty ? '\r\x1b[K' : ''}${progressLine(status, expected, reading, rate)}${tty ? '' : '\n'}`,
      );
      return status;
    };

    const rejects: JobReject[] = [];
    let batch: Array<Extract<InputRecord, { ok: true }>> = [];
    let number = 0;
    const flush = async () => {
      const records = batch;
      batch = [];
      const k = number++;
      if (recorded.has(k) || records.length === 0) return;
      while (!interrupted && (await queue.pending()) + records.length > maxQueued) {
        await show();
        await sleep(250);
      }
      if (interrupted) return;
      const input: BatchInput = {
        batch: k,
        conversations: records.map(({ conversation }) =>
          conversation.consent.analysis === false ? withoutText(conversation) : redact(conversation),
        ),
        fingerprints: records.map(({ conversation }) => fingerprint(conversation)),
        sources: records.map(({ source }) => ({
          file: source.file,
          index: source.index,
          ...(source.line !== undefined ? { line: source.line } : {}),
        })),
      };
      await queue.addBatches(jobId, [input]);
      await show();
    };
    let rejected = 0;
    for await (const record of readInputs(files, readOptions)) {
      if (interrupted) break;
      if (!record.ok) {
        rejected++;
        if (rejects.length < 1000)
          rejects.push({
            file: record.source.file,
            ...jobReject({
              index: record.source.index,
              ...(record.source.line !== undefined ? { line: record.source.line } : {}),
              code: 'invalid',
              problems: [],
              message: describeRejection(record),
            }),
          });
        continue;
      }
      batch.push(record);
      if (batch.length >= batchSize) await flush();
    }
    if (!interrupted) await flush();
    if (!interrupted) {
      await queue.seal(jobId, rejects, rejected);
      reading = false;
    }
    let status: JobStatus | null = null;
    let away = '';
    while (!interrupted) {
      try {
        status = (await show(true)) ?? null;
        away = '';
      } catch (error) {
        // the database restarting: the workers wait for it too; say so once and keep polling
        if ((error as Error).message !== away)
          process.stderr.write(`\nattune backfill: cannot read progress (${(error as Error).message}); retrying\n`);
        away = (error as Error).message;
      }
      if (status?.state === 'done' || status?.state === 'failed') break;
      await sleep(tty ? 1000 : 2000);
    }
    finished = true;
    if (interrupted) {
      process.stderr.write(`\nattune backfill: interrupted; run the same command again to resume job ${jobId}\n`);
      return 130;
    }
    const elapsed = (Date.now() - started) / 1000;
    if (status!.reason)
      process.stderr.write(`\nattune backfill: some conversations were given up on: ${status!.reason}`);
    process.stderr.write(
      `\nattune backfill: done in ${duration(elapsed)}: ${status!.processed.toLocaleString('en')} stored, ${status!.failed.toLocaleString('en')} refused, ${rejected.toLocaleString('en')} unreadable; details: GET /v1/jobs/${jobId}\n`,
    );
    return status!.failed > 0 || rejected > 0 ? 2 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    interrupted = true;
    await Promise.all(
      [...children].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      ),
    );
    await queue.close();
    await store.close();
  }
}
