import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { JobReject, JobStatus } from '../api/jobs.ts';
import type { Conversation } from '../core/schema/index.ts';
import { connection, quoteIdent } from './postgres.ts';
import { inTransaction } from './pg-transaction.ts';

/** The pg-boss queue every batch goes through. */
export const QUEUE_NAME = 'attune-analyse';

/** Where a queued conversation came from, so a refusal names its record. */
export interface QueuedSource {
  file?: string;
  index?: number;
  line?: number;
}

/** One batch of redacted conversations, with the fingerprint of each as it came (a re-sent one is recognised) and its source. */
export interface BatchInput {
  batch: number;
  conversations: Conversation[];
  fingerprints: string[];
  sources: QueuedSource[];
}

export interface QueuedBatch extends BatchInput {
  jobId: string;
}

/** What a worker did with a batch: stored, refused (with why). */
export interface BatchOutcome {
  processed: number;
  failed: number;
  rejects: JobReject[];
}

export interface NewJob {
  id?: string;
  kind: JobStatus['kind'];
  /** The API key that created it (it and admins may read its status). */
  keyId: string | null;
  rejectsOnRead: JobReject[];
  /** False while a backfill is still reading its files: the job is not done before `seal`. */
  sealed: boolean;
}

export interface QueueOptions {
  /** The store's schema (the job tables live beside the conversations); pg-boss works in `<schema>_boss`. */
  schema?: string;
  /**
   * How long a batch may stay with a worker before another takes it: a killed worker's batch waits this long. A
   * setting of the queue (pg-boss keeps it per queue, and stamps each batch with it when queued): given, it is
   * written to the queue at `migrate`; absent, the queue keeps what it has (120 s when this creates it).
   */
  expireInSeconds?: number;
  /** How many times a failing batch is retried before it is counted failed (a setting of the queue when this creates it; default 20). */
  retryLimit?: number;
  /** How often expired batches are put back (pg-boss maintenance). */
  maintenanceIntervalSeconds?: number;
  /** Connections per process (default 4). */
  max?: number;
  /** Shown in pg_stat_activity (the bench reads the queue's database CPU by it). */
  applicationName?: string;
}

export interface Queue {
  /** Creates the job tables and pg-boss's schema and queue; safe on every start. */
  migrate(): Promise<void>;
  /** A new job with its first batches, in one transaction with their queue messages: nothing is queued that is not recorded, nor the reverse. */
  createJob(job: NewJob, batches: BatchInput[]): Promise<string>;
  /** Adds batches to a job (backfill), each in one transaction with its message; batch numbers already there are left alone. */
  addBatches(jobId: string, batches: BatchInput[]): Promise<void>;
  /** A job's batch numbers already recorded (queued or done): what a resumed backfill must not enqueue again. */
  batchNumbers(jobId: string): Promise<Set<number>>;
  /** Marks a backfill as fully read, with the first rejections its reader found and how many there were. */
  seal(jobId: string, rejectsOnRead: JobReject[], rejectedOnRead: number): Promise<void>;
  /** Conversations queued and not yet done, over every job. */
  pending(): Promise<number>;
  /** Conversations done per second over the last minute, over every worker. */
  recentRate(): Promise<number>;
  /** A job's progress; null when unknown, or when `keyId` is given and did not create it. */
  status(id: string, keyId?: string): Promise<JobStatus | null>;
  /**
   * Runs `concurrency` loops taking one batch at a time until `stop`: a batch already done (a redelivery after a
   * crash between storing and acknowledging) is acknowledged without work. A throw puts the batch back for a retry.
   */
  work(
    concurrency: number,
    handle: (batch: QueuedBatch) => Promise<BatchOutcome>,
    onError?: (error: Error) => void,
  ): Promise<void>;
  /**
   * Ends batches the queue gave up on without a worker saying why (each try killed or stalled the worker until it
   * expired): counted failed, each conversation listed with the reason, so their job ends `failed`. Returns how many.
   */
  settleDead(jobId?: string): Promise<number>;
  /** Deletes finished jobs (every batch done) whose last batch was done more than `days` ago, with their batches; returns how many. */
  purgeFinished(days: number): Promise<number>;
  /** Stops the loops (waiting for the batches in hand) and closes connections. */
  close(): Promise<void>;
  /** The pg-boss instance's connections are gone (tests): it reconnects on the next call. */
  readonly boss: PgBoss;
}

const REJECTS_SHOWN = 1000;
/** A batch put back after a worker's error is retried this often (then left failed, visible in pg-boss's tables). */
const RETRY_LIMIT = 20;
const IDLE_POLL_MS = 250;
const DEFAULT_EXPIRE_SECONDS = 120;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The queue on PostgreSQL: pg-boss (SKIP LOCKED) carries one message per batch; the batches and job counts are our tables. */
export function openQueue(url: string, options: QueueOptions = {}): Queue {
  const {
    schema,
    expireInSeconds,
    retryLimit = RETRY_LIMIT,
    maintenanceIntervalSeconds = 15,
    max = 4,
    applicationName = 'attune-queue',
  } = options;
  const settings = [
    '-c statement_timeout=30000',
    ...(schema ? [`-c search_path=${quoteIdent(schema).replaceAll(' ', '\\ ')}`] : []),
  ];
  const pool = new pg.Pool({ ...connection(url, settings), max, application_name: applicationName, keepAlive: true });
  // a connection cut (PostgreSQL restarting, pg_terminate_backend) fails the query in flight; the next one reconnects
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const boss = new PgBoss({
    connectionString: connection(url, []).connectionString,
    schema: `${schema ?? 'attune'}_boss`,
    max,
    application_name: applicationName,
    maintenanceIntervalSeconds,
    retryLimit,
    retryDelay: 1,
    retryBackoff: false,
    // completed messages carry only ids; keep them a day for inspection
    deleteAfterDays: 1,
    // no cron jobs: the clock monitor would only add queries
    schedule: false,
  });
  // pg-boss reports lost connections here (it reconnects by itself); the worker logs them
  let reportError: (error: Error) => void = () => {};
  boss.on('error', (error) => reportError(error));
  let started: Promise<unknown> | undefined;
  const start = () => (started ??= boss.start());
  let stopping = false;
  const loops: Array<Promise<void>> = [];
  const bossSchema = quoteIdent(`${schema ?? 'attune'}_boss`);

  const tx = <T>(run: (client: pg.PoolClient) => Promise<T>) => inTransaction(pool, run);

  /** Records batches and their messages on `client` (inside its transaction). */
  const insertBatches = async (client: pg.PoolClient, jobId: string, batches: BatchInput[]) => {
    if (batches.length === 0) return;
    const inserted = await client.query<{ batch: number }>(
      `insert into attune_job_batches (job_id, batch, size, payload)
       select $1, b.batch, b.size, b.payload from json_to_recordset($2::json) as b(batch int, size int, payload json)
       on conflict (job_id, batch) do nothing returning batch`,
      [
        jobId,
        JSON.stringify(
          batches.map(({ batch, conversations, fingerprints, sources }) => ({
            batch,
            size: conversations.length,
            payload: { conversations, fingerprints, sources },
          })),
        ),
      ],
    );
    const fresh = inserted.rows.map((r) => ({ name: QUEUE_NAME, data: { jobId, batch: r.batch } }));
    if (fresh.length > 0)
      await boss.insert(fresh, { db: { executeSql: (text, values) => client.query(text, values) } });
  };

  // only the first to finish counts a batch: two workers may hold the same one when one outlived its expiry
  const markDone = (jobId: string, batch: number, outcome: BatchOutcome, error: string | null = null) =>
    pool.query(
      `update attune_job_batches set done_at = now(), processed = $3, failed = $4, rejects = $5::jsonb, payload = null, error = $6
       where job_id = $1 and batch = $2 and done_at is null`,
      [jobId, batch, outcome.processed, outcome.failed, JSON.stringify(outcome.rejects), error],
    );
  /** A batch given up on: every conversation counted failed and listed with why, the batch marked with the reason. */
  const markFailed = (jobId: string, batch: number, payload: Omit<BatchInput, 'batch'>, reason: string) => {
    const rejects = payload.conversations.map((c, i) => ({
      ...payload.sources[i],
      id: c.id,
      code: 'invalid' as const,
      message: reason,
    }));
    return markDone(jobId, batch, { processed: 0, failed: rejects.length, rejects }, `batch ${batch}: ${reason}`);
  };

  const takeLoop = async (handle: (batch: QueuedBatch) => Promise<BatchOutcome>, onError: (error: Error) => void) => {
    while (!stopping) {
      let message: PgBoss.JobWithMetadata<{ jobId: string; batch: number }> | undefined;
      let payload: Omit<BatchInput, 'batch'> | null | undefined;
      try {
        [message] = await boss.fetch<{ jobId: string; batch: number }>(QUEUE_NAME, {
          batchSize: 1,
          includeMetadata: true,
        });
        if (!message) {
          await sleep(IDLE_POLL_MS);
          continue;
        }
        const { jobId, batch } = message.data;
        const row = await pool.query<{ payload: Omit<BatchInput, 'batch'> | null }>(
          'select payload from attune_job_batches where job_id = $1 and batch = $2 and done_at is null',
          [jobId, batch],
        );
        payload = row.rows[0]?.payload;
        if (payload) await markDone(jobId, batch, await handle({ jobId, batch, ...payload }));
        await boss.complete(QUEUE_NAME, message.id);
      } catch (error) {
        onError(error as Error);
        const reason = (error as Error).message;
        if (message && payload && message.retryCount >= message.retryLimit) {
          // the last try: the batch is counted failed, each conversation with why, so its job still ends
          await markFailed(
            message.data.jobId,
            message.data.batch,
            payload,
            `not processed after ${message.retryCount + 1} tries (${reason})`,
          ).catch(() => {});
        }
        // back to the queue for a retry; if the database is away this fails too and the batch expires instead
        if (message) await boss.fail(QUEUE_NAME, message.id, { message: reason }).catch(() => {});
        await sleep(1000);
      }
    }
  };

  return {
    boss,
    async migrate() {
      if (schema) await pool.query(`create schema if not exists ${quoteIdent(schema)}`);
      // PostgreSQL only (the queue needs SKIP LOCKED across hosts), so not in the shared migrations. A batch's payload
      // is json, not jsonb: it is only read back whole, and json keeps the text as it came (less database CPU to queue)
      await pool.query(`
        create table if not exists attune_jobs (
          id text primary key,
          kind text not null,
          key_id text,
          created_at timestamptz not null default now(),
          sealed boolean not null,
          rejected_on_read integer not null default 0,
          rejects_on_read jsonb not null default '[]'
        );
        create table if not exists attune_job_batches (
          job_id text not null references attune_jobs (id) on delete cascade,
          batch integer not null,
          size integer not null,
          payload json,
          done_at timestamptz,
          processed integer not null default 0,
          failed integer not null default 0,
          rejects jsonb not null default '[]',
          primary key (job_id, batch)
        );
        alter table attune_job_batches add column if not exists error text;
        create index if not exists attune_job_batches_pending on attune_job_batches (job_id) where done_at is null;
        create index if not exists attune_job_batches_done_at on attune_job_batches (done_at) where done_at is not null;
      `);
      await start();
      const settings = {
        name: QUEUE_NAME,
        expireInSeconds: expireInSeconds ?? DEFAULT_EXPIRE_SECONDS,
        retryLimit,
        retryDelay: 1,
      };
      const existing = await boss.getQueue(QUEUE_NAME);
      if (!existing) {
        await boss.createQueue(QUEUE_NAME, settings).catch(async (error: Error) => {
          // two processes starting at once: the other created it
          if (!(await boss.getQueue(QUEUE_NAME))) throw error;
        });
      } else if (expireInSeconds !== undefined && existing.expireInSeconds !== expireInSeconds) {
        await boss.updateQueue(QUEUE_NAME, settings);
      }
    },
    async createJob(job, batches) {
      await start();
      const id = job.id ?? randomUUID();
      await tx(async (client) => {
        await client.query(
          'insert into attune_jobs (id, kind, key_id, sealed, rejected_on_read, rejects_on_read) values ($1, $2, $3, $4, $5, $6::jsonb) on conflict (id) do nothing',
          [
            id,
            job.kind,
            job.keyId,
            job.sealed,
            job.rejectsOnRead.length,
            JSON.stringify(job.rejectsOnRead.slice(0, REJECTS_SHOWN)),
          ],
        );
        await insertBatches(client, id, batches);
      });
      return id;
    },
    async addBatches(jobId, batches) {
      await start();
      await tx((client) => insertBatches(client, jobId, batches));
    },
    async batchNumbers(jobId) {
      const { rows } = await pool.query<{ batch: number }>('select batch from attune_job_batches where job_id = $1', [
        jobId,
      ]);
      return new Set(rows.map((r) => r.batch));
    },
    async seal(jobId, rejectsOnRead, rejectedOnRead) {
      await pool.query(
        'update attune_jobs set sealed = true, rejected_on_read = $2, rejects_on_read = $3::jsonb where id = $1',
        [jobId, rejectedOnRead, JSON.stringify(rejectsOnRead.slice(0, REJECTS_SHOWN))],
      );
    },
    async pending() {
      const { rows } = await pool.query<{ n: string }>(
        'select coalesce(sum(size), 0) as n from attune_job_batches where done_at is null',
      );
      return Number(rows[0]!.n);
    },
    async recentRate() {
      const { rows } = await pool.query<{ n: string }>(
        "select coalesce(sum(size), 0) as n from attune_job_batches where done_at > now() - interval '60 seconds'",
      );
      return Number(rows[0]!.n) / 60;
    },
    async status(id, keyId) {
      const { rows } = await pool.query<{
        id: string;
        kind: JobStatus['kind'];
        key_id: string | null;
        created_at: Date;
        sealed: boolean;
        rejected_on_read: number;
        rejects_on_read: JobReject[];
        batches: string;
        done: string;
        total: string;
        queued: string;
        processed: string;
        failed: string;
        finished: Date | null;
        error: string | null;
      }>(
        `select j.id, j.kind, j.key_id, j.created_at, j.sealed, j.rejected_on_read, j.rejects_on_read,
                count(b.batch) as batches, count(b.done_at) as done, coalesce(sum(b.size), 0) as total,
                coalesce(sum(b.size) filter (where b.done_at is null), 0) as queued,
                coalesce(sum(b.processed), 0) as processed, coalesce(sum(b.failed), 0) as failed, max(b.done_at) as finished,
                min(b.error) as error
         from attune_jobs j left join attune_job_batches b on b.job_id = j.id where j.id = $1 group by j.id`,
        [id],
      );
      const job = rows[0];
      if (!job || (keyId !== undefined && job.key_id !== keyId)) return null;
      const failedBatches = await pool.query<{ rejects: JobReject[] }>(
        'select rejects from attune_job_batches where job_id = $1 and jsonb_array_length(rejects) > 0 order by batch limit $2',
        [id, REJECTS_SHOWN],
      );
      const rejects = [...job.rejects_on_read, ...failedBatches.rows.flatMap((r) => r.rejects)].slice(0, REJECTS_SHOWN);
      const [batches, done] = [Number(job.batches), Number(job.done)];
      const finishedAll = job.sealed && done === batches;
      return {
        id: job.id,
        kind: job.kind,
        state: finishedAll ? (job.error === null ? 'done' : 'failed') : done > 0 ? 'running' : 'queued',
        ...(finishedAll && job.error !== null ? { reason: job.error } : {}),
        createdAt: job.created_at.toISOString(),
        finishedAt: finishedAll && job.finished ? job.finished.toISOString() : null,
        total: Number(job.total),
        queued: Number(job.queued),
        processed: Number(job.processed),
        failed: Number(job.failed),
        rejectedOnRead: job.rejected_on_read,
        batches: { total: batches, done },
        rejects,
      };
    },
    async settleDead(jobId) {
      // pg-boss fails a message whose every try expired (the worker died or hung) and later archives it
      const { rows } = await pool.query<{
        job_id: string;
        batch: number;
        payload: Omit<BatchInput, 'batch'> | null;
        tries: number;
        output: { value?: { message?: string }; message?: string } | null;
      }>(
        `select b.job_id, b.batch, b.payload, m.retry_count + 1 as tries, m.output
         from attune_job_batches b
         join (select data, retry_count, output from ${bossSchema}.job where name = $1 and state = 'failed'
               union all
               select data, retry_count, output from ${bossSchema}.archive where name = $1 and state = 'failed') m
           on m.data->>'jobId' = b.job_id and (m.data->>'batch')::int = b.batch
         where b.done_at is null and ($2::text is null or b.job_id = $2)
         limit 1000`,
        [QUEUE_NAME, jobId ?? null],
      );
      let settled = 0;
      for (const row of rows) {
        if (!row.payload) continue;
        const why = row.output?.value?.message ?? row.output?.message ?? 'no reason given';
        const reason = `not processed: the queue gave up after ${row.tries} tries, each ending without an answer from the worker (it died or hung past the expiry; last: ${why})`;
        const { rowCount } = await markFailed(row.job_id, row.batch, row.payload, reason);
        settled += rowCount ?? 0;
      }
      return settled;
    },
    async purgeFinished(days) {
      const { rowCount } = await pool.query(
        `delete from attune_jobs j where j.sealed
           and not exists (select 1 from attune_job_batches b where b.job_id = j.id and b.done_at is null)
           and coalesce((select max(b.done_at) from attune_job_batches b where b.job_id = j.id), j.created_at)
               < now() - $1 * interval '1 day'`,
        [days],
      );
      return rowCount ?? 0;
    },
    async work(concurrency, handle, onError = () => {}) {
      reportError = onError;
      await start();
      for (let i = 0; i < concurrency; i++) loops.push(takeLoop(handle, onError));
    },
    async close() {
      stopping = true;
      await Promise.all(loops);
      if (started) await boss.stop({ graceful: false, close: true, wait: true }).catch(() => {});
      await pool.end();
    },
  };
}
