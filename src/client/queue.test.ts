import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { ServerConfig } from '../server/config.ts';
import { analyseBatch } from '../server/jobs-work.ts';
import { processOne } from '../server/process.ts';
import { bodyReader } from '../server/read-body.ts';
import { conversation, fakeAnalyze, fakeRedact } from '../server/testing.ts';
import { openPostgresStore } from '../store/postgres.ts';
import { openQueue } from '../store/queue.ts';
import { createClient } from './index.ts';

const url = process.env.ATTUNE_TEST_DATABASE_URL;

if (!url) {
  if (process.env.CI)
    test('client of a queued server', () => {
      throw new Error('ATTUNE_TEST_DATABASE_URL is not set; CI must run the queue tests');
    });
  else test.skip('client of a queued server (set ATTUNE_TEST_DATABASE_URL=postgres://… to run it)', () => {});
} else {
  test('the HTTP client queues with ingestQueued and follows the job; ingest stays synchronous', async () => {
    const schema = `attune_client_${randomBytes(6).toString('hex')}`;
    const store = openPostgresStore(url, { schema });
    const queue = openQueue(url, { schema });
    const worker = openQueue(url, { schema });
    const config = ServerConfig.parse({ database: { kind: 'postgres', url, schema }, queue: true, queueSyncMax: 1 });
    const app = buildApp({
      store,
      engine: null,
      analyze: fakeAnalyze,
      readInputs: bodyReader(),
      redact: fakeRedact,
      config,
      queue: { queue, syncMax: 1, limit: 1000, batchSize: 10 },
    });
    try {
      await store.migrate();
      await queue.migrate();
      const { secret } = await store.createKey({ name: 'analyst', role: 'analyst' });
      const client = createClient({ baseUrl: await app.listen({ port: 0, host: '127.0.0.1' }), apiKey: secret });
      const queued = await client.ingestQueued([conversation('cl-1'), conversation('cl-2')]);
      const sync = await client.ingest([conversation('cs-1'), conversation('cs-2'), conversation('cs-3')]);
      const processBatch = async (jobs: Parameters<typeof processOne>[0][]) =>
        jobs.map((job) => processOne(job, { analyze: (c) => fakeAnalyze(c) }));
      await worker.work(1, (batch) => analyseBatch(batch, { store, processBatch }));
      for (let i = 0; i < 200 && (await client.job(queued.job.id)).state !== 'done'; i++)
        await new Promise((r) => setTimeout(r, 50));
      const status = await client.job(queued.job.id);
      assert.deepEqual([queued.job.total, sync.accepted.length, status.state, status.processed], [2, 3, 'done', 2]);
    } finally {
      await worker.close();
      await app.close();
      await queue.close();
      await store.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`drop schema if exists "${schema}" cascade; drop schema if exists "${schema}_boss" cascade`);
      await admin.end();
    }
  });
}
