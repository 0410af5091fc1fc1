import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { startCheckpointer } from './checkpointer.ts';

test('the checkpointer copies committed pages from the log into the database file, then stops', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-checkpoint-'));
  try {
    const file = join(dir, 'db.sqlite');
    const writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table t (x text)');
    const insert = writer.prepare('insert into t values (?)');
    writer.transaction(() => {
      for (let i = 0; i < 1000; i++) insert.run('x'.repeat(1000));
    })();
    const before = statSync(file).size;
    // An interval longer than any test: only the last checkpoint that `stop` runs can do the work.
    const checkpointer = startCheckpointer(file, 3_600_000);
    await checkpointer.stop();
    await checkpointer.stop();
    assert.deepEqual([before < 100_000, statSync(file).size > 1_000_000], [true, true]);
    assert.deepEqual(writer.prepare('select count(*) as n from t').get(), { n: 1000 });
    writer.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
