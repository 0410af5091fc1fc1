import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { openPostgresStore } from '../store/postgres.ts';
import { openQueue, type Queue, type QueuedBatch } from '../store/queue.ts';
import type { Store } from '../store/store.ts';
import { buildApp } from './app.ts';
import { ServerConfig } from './config.ts';
import { analyseBatch } from './jobs-work.ts';
import { processOne } from './process.ts';
import { bodyReader } from './read-body.ts';
import { conversation, fakeAnalyze, fakeRedact } from './testing.ts';

const url = process.env.ATTUNE_TEST_DATABASE_URL;

if (!url) {
  if (process.env.CI)
    test('queued ingest', () => {
      throw new Error('ATTUNE_TEST_DATABASE_URL is not set; CI must run the queue tests');
    });
  else test.skip('queued ingest (set ATTUNE_TEST_DATABASE_URL=postgres://… to run it)', () => {});
} else {
  const schema = `attune_jobs_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  let store: Store;
  let queue: Queue;
  let app: FastifyInstance;
  const keys: Record<string, { secret: string; id: string }> = {};
  const as = (who: string) => ({ authorization: `Bearer ${keys[who]!.secret}`, 'content-type': 'application/json' });
  const steps = { analyze: (c: Parameters<typeof fakeAnalyze>[0]) => fakeAnalyze(c) };
  const processBatch = async (jobs: Parameters<typeof processOne>[0][]) => jobs.map((job) => processOne(job, steps));
  const body = (prefix: string, n: number) =>
    JSON.stringify(Array.from({ length: n }, (_, i) => conversation(`${prefix}-${i}`)));
  const count = async (sql: string) => Number((await admin.query(sql.replaceAll('$schema', `"${schema}"`))).rows[0].n);

  /** Runs one worker loop in-process until the job is done. */
  async function drain(jobId: string): Promise<void> {
    const done: QueuedBatch[] = [];
    const worker = openQueue(url!, { schema });
    await worker.work(1, async (batch) => {
      done.push(batch);
      return analyseBatch(batch, { store, processBatch });
    });
    try {
      for (let i = 0; i < 200 && (await queue.status(jobId))?.state !== 'done'; i++)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.close();
    }
  }

  before(async () => {
    await admin.connect();
    await admin.query(`create schema "${schema}"`);
    store = openPostgresStore(url, { schema });
    await store.migrate();
    queue = openQueue(url, { schema });
    await queue.migrate();
    for (const role of ['admin', 'analyst', 'agent'] as const) {
      const { key, secret } = await store.createKey({
        name: role,
        role,
        ...(role === 'agent' ? { agentId: 'agent-a' } : {}),
      });
      keys[role] = { secret, id: key.id };
    }
    const other = await store.createKey({ name: 'analyst 2', role: 'analyst' });
    keys.analyst2 = { secret: other.secret, id: other.key.id };
    const config = ServerConfig.parse({
      database: { kind: 'postgres', url, schema },
      queue: true,
      queueSyncMax: 5,
      queueLimit: 30,
      queueBatchSize: 4,
    });
    app = buildApp({
      store,
      engine: null,
      analyze: fakeAnalyze,
      readInputs: bodyReader(),
      redact: fakeRedact,
      config,
      queue: { queue, syncMax: 5, limit: 30, batchSize: 4 },
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await queue.close();
    await store.close();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.query(`drop schema if exists "${schema}_boss" cascade`);
    await admin.end();
  });

  test('a body over the sync limit is queued: 202 with a job, redacted in the queue, stored once by a worker', async () => {
    const payload = JSON.stringify([
      ...JSON.parse(body('q', 9)),
      { bad: true },
      conversation('q-opt', { consent: { analysis: false } }),
    ]);
    const reply = await app.inject({ method: 'POST', url: '/v1/conversations', headers: as('analyst'), payload });
    assert.equal(reply.statusCode, 202);
    const { job, rejected } = reply.json();
    assert.equal(reply.headers.location, `/v1/jobs/${job.id}`);
    assert.deepEqual(
      [
        job.state,
        job.total,
        job.queued,
        job.processed,
        job.rejectedOnRead,
        job.batches,
        rejected.map((r: { index: number }) => r.index),
      ],
      ['queued', 10, 10, 0, 1, { total: 3, done: 0 }, [9]],
    );
    // what waits in the queue is redacted (digits masked by the fake redaction) and an opted-out conversation has no text
    const queued = (
      await admin.query(`select payload from "${schema}".attune_job_batches where job_id = $1 order by batch`, [job.id])
    ).rows.flatMap((r) => r.payload.conversations);
    assert.deepEqual(
      [
        queued.some((c: { turns: Array<{ text: string }> }) => c.turns.some((t) => /\d/.test(t.text))),
        queued.find((c: { id: string }) => c.id === 'q-opt').turns.map((t: { text: string }) => t.text),
      ],
      [false, ['', '']],
    );

    await drain(job.id);
    const status = (await app.inject({ method: 'GET', url: `/v1/jobs/${job.id}`, headers: as('analyst') })).json();
    assert.deepEqual(
      [status.state, status.total, status.queued, status.processed, status.failed, status.batches],
      ['done', 10, 0, 10, 0, { total: 3, done: 3 }],
    );
    assert.equal(await count(`select count(*) as n from $schema.conversations where id like 'q-%'`), 10);
    assert.equal(await count(`select count(*) as n from $schema.attune_job_batches where payload is not null`), 0);
    // the same conversation sent again on the synchronous path is the same conversation: no conflict, no new row
    const again = await app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: as('analyst'),
      payload: JSON.stringify(conversation('q-3')),
    });
    assert.deepEqual(
      [again.statusCode, await count(`select count(*) as n from $schema.conversations where id like 'q-%'`)],
      [200, 10],
    );
  });

  test('a batch redelivered after a crash stores its conversations once and counts once', async () => {
    const reply = await app.inject({
      method: 'POST',
      url: '/v1/conversations?mode=queue',
      headers: as('analyst'),
      payload: body('r', 3),
    });
    const { job } = reply.json();
    const { rows } = await admin.query(`select batch, payload from "${schema}".attune_job_batches where job_id = $1`, [
      job.id,
    ]);
    const batch: QueuedBatch = { jobId: job.id, batch: rows[0].batch, ...rows[0].payload };
    // a worker stored the batch and died before acknowledging it: the batch is analysed and stored again
    await analyseBatch(batch, { store, processBatch });
    await drain(job.id);
    const status = (await app.inject({ method: 'GET', url: `/v1/jobs/${job.id}`, headers: as('admin') })).json();
    assert.deepEqual(
      [
        status.processed,
        status.failed,
        await count(`select count(*) as n from $schema.conversations where id like 'r-%'`),
      ],
      [3, 0, 3],
    );
  });

  test('a different conversation under a stored id is refused by the worker and listed in the job', async () => {
    const changed = JSON.stringify(
      Array.from({ length: 6 }, (_, i) => conversation(`q-${i}`, i === 0 ? { queue: 'changed' } : {})),
    );
    const { job } = (
      await app.inject({ method: 'POST', url: '/v1/conversations', headers: as('analyst'), payload: changed })
    ).json();
    await drain(job.id);
    const status = (await app.inject({ method: 'GET', url: `/v1/jobs/${job.id}`, headers: as('analyst') })).json();
    assert.deepEqual(
      [
        status.processed,
        status.failed,
        status.rejects.map((r: { id: string; code: string; index: number }) => [r.id, r.code, r.index]),
      ],
      [5, 1, [['q-0', 'conflict', 0]]],
    );
  });

  test('small bodies stay synchronous; past the queue limit ingest answers 429 with Retry-After and queues nothing', async () => {
    const small = await app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: as('analyst'),
      payload: body('s', 5),
    });
    assert.equal(small.statusCode, 200);
    const first = await app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: as('analyst'),
      payload: body('full', 25),
    });
    const before429 = await queue.pending();
    const second = await app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: as('analyst'),
      payload: body('over', 10),
    });
    assert.deepEqual(
      [
        first.statusCode,
        before429,
        second.statusCode,
        second.json().error.code,
        /^\d+$/.test(String(second.headers['retry-after'])),
        await queue.pending(),
      ],
      [202, 25, 429, 'rate_limited', true, 25],
    );
    await drain(first.json().job.id);
  });

  test('job status: analysts see their own jobs, admins every job, other roles none', async () => {
    const { job } = (
      await app.inject({
        method: 'POST',
        url: '/v1/conversations?mode=queue',
        headers: as('analyst'),
        payload: body('o', 1),
      })
    ).json();
    const read = async (who: string) =>
      (await app.inject({ method: 'GET', url: `/v1/jobs/${job.id}`, headers: as(who) })).statusCode;
    assert.deepEqual(
      [await read('analyst'), await read('admin'), await read('analyst2'), await read('agent')],
      [200, 200, 404, 403],
    );
    const status = async (id: string) =>
      (await app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: as('admin') })).statusCode;
    // unknown, hostile and oversized ids are a clear 404 or 400, never a database error
    assert.deepEqual(
      [
        await status('nope'),
        await status('%00x'),
        await status("x'%3B%20drop%20table%20attune_jobs--"),
        await status('j'.repeat(129)),
      ],
      [404, 400, 404, 400],
    );
    await drain(job.id);
  });

  test('a batch that fails on every try is counted failed, each conversation with why, and its job ends', async () => {
    const poisoned = `${schema}_poison`;
    await admin.query(`create schema "${poisoned}"`);
    const local = openQueue(url, { schema: poisoned, retryLimit: 1 });
    try {
      await local.migrate();
      const jobId = await local.createJob({ kind: 'ingest', keyId: null, rejectsOnRead: [], sealed: true }, [
        {
          batch: 0,
          conversations: [conversation('p-1'), conversation('p-2')].map((c) =>
            JSON.parse(JSON.stringify({ ...c, language: 'en', consent: { analysis: true } })),
          ),
          fingerprints: ['a', 'b'],
          sources: [{ index: 0 }, { index: 1 }],
        },
      ]);
      await local.work(1, async () => {
        throw new Error('the database said no');
      });
      for (let i = 0; i < 150 && (await local.status(jobId))?.state !== 'failed'; i++)
        await new Promise((r) => setTimeout(r, 100));
      const status = await local.status(jobId);
      assert.deepEqual(
        [
          status?.state,
          status?.reason,
          status?.processed,
          status?.failed,
          status?.rejects.map((r) => [r.id, r.code, r.message]),
        ],
        [
          'failed',
          'batch 0: not processed after 2 tries (the database said no)',
          0,
          2,
          [
            ['p-1', 'invalid', 'not processed after 2 tries (the database said no)'],
            ['p-2', 'invalid', 'not processed after 2 tries (the database said no)'],
          ],
        ],
      );
    } finally {
      await local.close();
      await admin.query(
        `drop schema if exists "${poisoned}" cascade; drop schema if exists "${poisoned}_boss" cascade`,
      );
    }
  });

  test('a batch that kills its worker on every try ends failed with the reason (the queue gave up on it), visible in the job status', async () => {
    const poisoned = `${schema}_killer`;
    await admin.query(`create schema "${poisoned}"`);
    const local = openQueue(url, {
      schema: poisoned,
      retryLimit: 1,
      expireInSeconds: 1,
      maintenanceIntervalSeconds: 1,
    });
    try {
      await local.migrate();
      const good = await local.createJob({ kind: 'ingest', keyId: null, rejectsOnRead: [], sealed: true }, []);
      const jobId = await local.createJob({ kind: 'ingest', keyId: null, rejectsOnRead: [], sealed: true }, [
        {
          batch: 0,
          conversations: [conversation('k-1'), conversation('k-2')].map((c) =>
            JSON.parse(JSON.stringify({ ...c, language: 'en', consent: { analysis: true } })),
          ),
          fingerprints: ['a', 'b'],
          sources: [{ index: 0 }, { index: 1 }],
        },
      ]);
      // a worker takes the batch and dies holding it (no answer), twice: the queue's retry limit is 1
      const boss = 'attune-analyse';
      const state = async () =>
        (await admin.query(`select state from "${poisoned}_boss".job where data->>'jobId' = $1`, [jobId])).rows[0]
          ?.state;
      for (let tries = 0; tries < 2; tries++) {
        let taken: unknown[] = [];
        for (let i = 0; i < 100 && taken.length === 0; i++) {
          taken = await local.boss.fetch(boss);
          if (taken.length === 0) await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(taken.length, 1, `try ${tries + 1} taken`);
      }
      for (let i = 0; i < 100 && (await state()) !== 'failed'; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal((await local.status(jobId))?.state, 'queued', 'before it is settled, the job looks queued');
      assert.equal(await local.settleDead(), 1);
      assert.equal(await local.settleDead(), 0, 'settled once');
      const status = await local.status(jobId);
      const reason =
        'not processed: the queue gave up after 2 tries, each ending without an answer from the worker (it died or hung past the expiry; last: job failed by timeout in active state)';
      assert.deepEqual(
        [status?.state, status?.reason, status?.queued, status?.failed, status?.rejects.map((r) => [r.id, r.message])],
        [
          'failed',
          `batch 0: ${reason}`,
          0,
          2,
          [
            ['k-1', reason],
            ['k-2', reason],
          ],
        ],
      );
      assert.equal((await local.status(good))?.state, 'done', 'a job with no failed batch is done, not failed');
    } finally {
      await local.close();
      await admin.query(
        `drop schema if exists "${poisoned}" cascade; drop schema if exists "${poisoned}_boss" cascade`,
      );
    }
  });

  test('finished jobs are purged after the retention period; jobs still running, and recent ones, are kept', async () => {
    const local = `${schema}_retention`;
    await admin.query(`create schema "${local}"`);
    const q = openQueue(url, { schema: local });
    try {
      await q.migrate();
      const batch = (n: number) => ({
        batch: n,
        conversations: [
          JSON.parse(JSON.stringify({ ...conversation(`r-${n}`), language: 'en', consent: { analysis: true } })),
        ],
        fingerprints: ['f'],
        sources: [{ index: 0 }],
      });
      const make = () => q.createJob({ kind: 'ingest', keyId: null, rejectsOnRead: [], sealed: true }, [batch(0)]);
      const [old, recent, running] = [await make(), await make(), await make()];
      const age = (sql: string, id: string) => admin.query(sql.replace('$t', `"${local}"`), [id]);
      await age(
        `update $t.attune_job_batches set done_at = now() - interval '10 days', payload = null where job_id = $1`,
        old,
      );
      await age(
        `update $t.attune_job_batches set done_at = now() - interval '1 day', payload = null where job_id = $1`,
        recent,
      );
      await age(`update $t.attune_jobs set created_at = now() - interval '20 days' where id = $1`, running);
      assert.equal(await q.purgeFinished(7), 1);
      assert.deepEqual(
        [await q.status(old), (await q.status(recent))?.state, (await q.status(running))?.state],
        [null, 'done', 'queued'],
      );
      assert.equal(
        await count(`select count(*) as n from "${local}".attune_job_batches where job_id = '${old}'`),
        0,
        'its batches go with it',
      );
    } finally {
      await q.close();
      await admin.query(`drop schema if exists "${local}" cascade; drop schema if exists "${local}_boss" cascade`);
    }
  });

  test('/openapi.json documents the job status route and the 202 and 429 of ingest', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const ingest = doc.paths['/v1/conversations'].post.responses;
    assert.deepEqual(
      [Boolean(doc.paths['/v1/jobs/{id}']?.get.responses['200']), Boolean(ingest['202']), Boolean(ingest['429'])],
      [true, true, true],
    );
  });
}
