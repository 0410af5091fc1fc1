import assert from 'node:assert/strict';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { sample } from './contract-data.ts';
import { createStore } from './create.ts';
import { fakeItem } from './fixtures.ts';
import { rebuildRollup } from './rollup.ts';
import type { Database } from './tables.ts';

test('the rollup kept by ingest, re-ingest and erasure equals one rebuilt from the rows', async () => {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  const store = createStore(db, 'sqlite');
  await store.migrate();
  const items = sample();
  await store.saveAnalysed(items);
  await store.saveAnalysed([
    fakeItem(items[0]!.conversation, { empathy: 1, compassion: 2, overall: 3, sentimentShift: 4, moments: ['missed'] }),
  ]);
  await store.saveAnalysed([fakeItem(items[2]!.conversation, 'skipped')]);
  await store.eraseCustomer('cust2');
  const snapshot = () =>
    db
      .selectFrom('metrics_rollup')
      .selectAll()
      .where('n', '>', 0)
      .orderBy('day_key')
      .orderBy('dim')
      .orderBy('value_key')
      .execute();
  const kept = await snapshot();
  await rebuildRollup(db);
  assert.deepEqual(kept, await snapshot());
  assert.equal(
    kept.filter((r) => r.dim === 'channel').reduce((n, r) => n + r.n, 0),
    4,
  );
  await store.close();
});
