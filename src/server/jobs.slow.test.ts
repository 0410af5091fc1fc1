import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Conversation } from '../core/schema/index.ts';
import { fingerprint } from '../store/flatten.ts';
import { openPostgresStore } from '../store/postgres.ts';
import { openQueue, type Queue } from '../store/queue.ts';
import { exampleConversations } from './testing.ts';

// Real processes on real PostgreSQL: API nodes (`attune serve --queue`), workers (`attune worker`) and `attune backfill`
// talk only through the database; workers are killed, their connections cut, a backfill killed and resumed.

const url = process.env.ATTUNE_TEST_DATABASE_URL;
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `n` conversations cycling the bundled examples (the analysable ones), ids made unique. */
function corpus(n: number, prefix = ''): Conversation[] {
  const examples = exampleConversations();
  return Array.from({ length: n }, (_, i) => ({
    ...examples[i % examples.length]!,
    id: `${prefix}${examples[i % examples.length]!.id}#${i}`,
  }));
}

interface Running {
  child: ChildProcess;
  out: () => string;
}

/** Starts the CLI with `args` and resolves once its stdout matches `ready`. */
function start(
  args: string[],
  ready: RegExp,
  env: Record<string, string> = {},
): Promise<Running & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ATTUNE_LOG: 'off', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) resolve({ child, out: () => out + err, match });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code, signal) =>
      reject(new Error(`attune ${args[0]} exited (${signal ?? code}) before it was ready: ${err}`)),
    );
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await exited(child);
}

if (!url) {
  if (process.env.CI)
    test('queue on real processes', () => {
      throw new Error('ATTUNE_TEST_DATABASE_URL is not set; CI must run the queue tests');
    });
  else test.skip('queue on real processes (set ATTUNE_TEST_DATABASE_URL=postgres://… to run it)', () => {});
} else {
  const admin = new pg.Client({ connectionString: url });
  const schemas: string[] = [];
  const children: ChildProcess[] = [];
  // closed after every test, even one that failed half-way: an open pool would keep the test process alive
  const queues: Queue[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'attune-queue-'));

  before(() => admin.connect());
  after(async () => {
    await Promise.all(children.map((child) => stop(child, 'SIGKILL')));
    await Promise.all(queues.map((queue) => queue.close().catch(() => {})));
    for (const schema of schemas)
      await admin.query(`drop schema if exists "${schema}" cascade; drop schema if exists "${schema}_boss" cascade`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh schema with the store, the queue and an admin key. */
  async function fresh(): Promise<{
    schema: string;
    queue: Queue;
    secret: string;
    count: (sql: string) => Promise<number>;
  }> {
    const schema = `attune_qslow_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    const store = openPostgresStore(url!, { schema });
    await store.migrate();
    const { secret } = await store.createKey({ name: 'loader', role: 'admin' });
    await store.close();
    // a killed worker's batch waits for its expiry (a setting of the queue); short here so the test does not wait two minutes
    const queue = openQueue(url!, { schema, expireInSeconds: 4 });
    queues.push(queue);
    await queue.migrate();
    const count = async (sql: string) => Number((await admin.query(sql.replaceAll('$s', `"${schema}"`))).rows[0].n);
    return { schema, queue, secret, count };
  }

  const worker = async (schema: string, env: Record<string, string> = {}) => {
    const running = await start(
      ['worker', '--database', url, '--schema', schema],
      /taking batches .* \(pid (\d+)\)/,
      env,
    );
    children.push(running.child);
    return running;
  };

  /** `attune backfill FILE` into `schema` as its own process; `stderr` 'pipe' to read its progress. */
  const backfill = (schema: string, file: string, flags: string[], stderr: 'ignore' | 'pipe') =>
    spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'backfill', file, '--database', url!, '--schema', schema, ...flags],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', stderr],
      },
    );

  /** Queues `conversations` as one job in batches of `size`, as an API node would (fingerprints of the originals). */
  async function enqueue(queue: Queue, conversations: Conversation[], size: number): Promise<string> {
    const batches = [];
    for (let i = 0; i < conversations.length; i += size) {
      const slice = conversations.slice(i, i + size);
      batches.push({
        batch: i / size,
        conversations: slice,
        fingerprints: slice.map(fingerprint),
        sources: slice.map((_, k) => ({ index: i + k })),
      });
    }
    return queue.createJob({ kind: 'ingest', keyId: null, rejectsOnRead: [], sealed: true }, batches);
  }

  async function until<T>(
    what: string,
    read: () => Promise<T>,
    ok: (value: T) => boolean,
    seconds: number,
  ): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${seconds} s`);
      await sleep(200);
    }
  }

  const fastExpiry = { ATTUNE_QUEUE_EXPIRE_SECONDS: '4', ATTUNE_QUEUE_MAINTENANCE_SECONDS: '1' };

  test('a worker killed (SIGKILL) in the middle of a batch: another finishes, 0 conversations lost, 0 duplicated', async () => {
    const { schema, queue, count } = await fresh();
    // enough batches that the worker is still busy when it is killed, however quiet the machine
    const total = 600;
    const conversations = corpus(total);
    const jobId = await enqueue(queue, conversations, 30);
    let first = await worker(schema, fastExpiry);
    await until(
      'first batches',
      () => queue.status(jobId),
      (s) => (s?.processed ?? 0) >= 60,
      120,
    );
    // kill it while it holds a batch: a batch still active once the only worker is dead was in its hands. A kill that
    // lands between two batches (a batch takes ~0.1 s on a quiet machine) is tried again with a new worker.
    const active = `select count(*) as n from "${schema}_boss".job where state = 'active'`;
    let heldWhenKilled = 0;
    for (let attempt = 0; attempt < 5 && heldWhenKilled === 0; attempt++) {
      if (attempt > 0) first = await worker(schema, fastExpiry);
      await until(
        'a batch in hand',
        () => count(active),
        (n) => n > 0,
        60,
      );
      await stop(first.child, 'SIGKILL');
      heldWhenKilled = await count(active);
    }
    assert.ok(heldWhenKilled > 0, 'the worker died holding a batch');
    const atKill = (await queue.status(jobId))!;
    assert.ok(atKill.processed < total, 'the worker was killed before the end');
    await worker(schema, fastExpiry);
    const done = await until(
      'the job done',
      () => queue.status(jobId),
      (s) => s?.state === 'done',
      180,
    );
    assert.deepEqual([done!.processed, done!.failed, done!.queued], [total, 0, 0]);
    assert.deepEqual(
      [
        await count('select count(*) as n from $s.conversations'),
        await count('select count(distinct id) as n from $s.conversations'),
      ],
      [total, total],
    );
    const stored = (await admin.query(`select id from "${schema}".conversations order by id`)).rows.map((r) => r.id);
    assert.deepEqual(stored, conversations.map((c) => c.id).sort());
    // the killed worker's batch came back after its expiry and was taken again
    assert.ok(
      (await count(`select count(*) as n from "${schema}_boss".job where retry_count > 0`)) >= 1,
      'a batch was redelivered',
    );
    await queue.close();
  });

  test("the queue's connections cut (pg_terminate_backend) mid-work: workers reconnect and finish, exact counts", async () => {
    const { schema, queue, count } = await fresh();
    const conversations = corpus(400);
    const jobId = await enqueue(queue, conversations, 40);
    await worker(schema, fastExpiry);
    await until(
      'first batches',
      () => queue.status(jobId),
      (s) => (s?.processed ?? 0) >= 40,
      120,
    );
    for (let cut = 0; cut < 2; cut++) {
      const { rowCount } = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'attune-worker' and pid <> pg_backend_pid()",
      );
      assert.ok((rowCount ?? 0) > 0, "the worker's connections were cut");
      await sleep(1500);
    }
    const done = await until(
      'the job done',
      () => queue.status(jobId),
      (s) => s?.state === 'done',
      180,
    );
    assert.deepEqual([done!.processed, done!.failed], [400, 0]);
    assert.deepEqual(
      [
        await count('select count(*) as n from $s.conversations'),
        await count('select count(distinct id) as n from $s.conversations'),
      ],
      [400, 400],
    );
    await queue.close();
  });

  test('two API nodes and two workers, separate processes talking only through PostgreSQL', async () => {
    const { schema, queue, secret, count } = await fresh();
    const env = { ATTUNE_QUEUE_SYNC_MAX: '10', ATTUNE_QUEUE_BATCH: '20', ATTUNE_ANALYSIS_WORKERS: '0' };
    const api = await Promise.all(
      [0, 1].map(async () => {
        const node = await start(
          ['serve', '--queue', '--port', '0', '--db', url, '--schema', schema],
          /listening on (http:\/\/127\.0\.0\.1:\d+)/,
          env,
        );
        children.push(node.child);
        return node.match[1]!;
      }),
    );
    const workers = [await worker(schema), await worker(schema)];
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const bodies = [0, 1, 2, 3].map((b) => corpus(60, `n${b}-`));
    const jobs: Array<{ id: string; node: number }> = [];
    for (const [b, body] of bodies.entries()) {
      const reply = await fetch(`${api[b % 2]}/v1/conversations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      assert.equal(reply.status, 202);
      jobs.push({ id: ((await reply.json()) as { job: { id: string } }).job.id, node: b % 2 });
    }
    // progress is read from the other node: job state lives in PostgreSQL, not in the node that took the body
    for (const job of jobs) {
      const status = await until(
        `job ${job.id}`,
        async () =>
          (await (await fetch(`${api[1 - job.node]}/v1/jobs/${job.id}`, { headers })).json()) as {
            state: string;
            processed: number;
            failed: number;
          },
        (s) => s.state === 'done',
        180,
      );
      assert.deepEqual([status.processed, status.failed], [60, 0]);
    }
    assert.deepEqual(
      [
        await count('select count(*) as n from $s.conversations'),
        await count('select count(distinct id) as n from $s.conversations'),
      ],
      [240, 240],
    );
    await Promise.all(workers.map((w) => stop(w.child)));
    const analysed = workers.map((w) =>
      Number(/stopped after ([\d,]+) conversations/.exec(w.out())?.[1]?.replaceAll(',', '') ?? 'NaN'),
    );
    assert.deepEqual([analysed[0]! + analysed[1]!, analysed.every((n) => n > 0)], [240, true]);
    await queue.close();
  });

  test('a backfill killed mid-way resumes without queueing again what it had queued', async () => {
    const { schema, queue, count } = await fresh();
    const file = join(dir, 'backfill.jsonl');
    const conversations = corpus(300);
    writeFileSync(file, conversations.map((c) => JSON.stringify(c)).join('\n') + '\n');
    // no workers and room for 100 queued: it queues two batches of 50, then waits for room; killed there
    const first = backfill(schema, file, ['--workers', '0', '--batch', '50', '--max-queued', '100'], 'ignore');
    children.push(first);
    await until(
      'two batches queued',
      () => count('select count(*) as n from $s.attune_job_batches'),
      (n) => n === 2,
      60,
    );
    await stop(first, 'SIGKILL');
    const second = backfill(schema, file, ['--workers', '2', '--batch', '50'], 'pipe');
    children.push(second);
    let err = '';
    second.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    assert.equal(code, 0, err);
    assert.match(err, /resuming: 2 batches already queued or done/);
    assert.deepEqual(
      [
        await count('select count(*) as n from $s.conversations'),
        await count('select count(distinct id) as n from $s.conversations'),
        await count('select count(*) as n from $s.attune_job_batches'),
        await count(`select count(*) as n from "${schema}_boss".job`),
      ],
      [300, 300, 6, 6],
    );
    await queue.close();
  });
}
