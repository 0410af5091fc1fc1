import assert from 'node:assert/strict';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { cachingDatabase } from './statement-cache.ts';

test('a statement is prepared once and reused until it is the least recently used of too many', () => {
  const raw = new SQLite(':memory:');
  const prepared: string[] = [];
  const spy = Object.assign(Object.create(raw) as SQLite.Database, {
    prepare: (sql: string) => {
      prepared.push(sql);
      return raw.prepare(sql);
    },
  });
  const db = cachingDatabase(spy, 2);
  const a = db.prepare('select 1 as x');
  assert.equal(db.prepare('select 1 as x'), a);
  db.prepare('select 2 as x');
  db.prepare('select 1 as x'); // now the most recently used
  db.prepare('select 3 as x'); // evicts 'select 2'
  db.prepare('select 1 as x');
  db.prepare('select 2 as x');
  assert.deepEqual(prepared, ['select 1 as x', 'select 2 as x', 'select 3 as x', 'select 2 as x']);
  assert.deepEqual(db.prepare('select 1 as x').all([]), [{ x: 1 }]);
  db.close();
  assert.equal(raw.open, false);
});

test('a cached statement sees the schema as it is now', () => {
  const db = cachingDatabase(new SQLite(':memory:'));
  db.prepare('create table t (a integer)').run([]);
  db.prepare('insert into t values (?)').run([1]);
  assert.deepEqual(db.prepare('select * from t').all([]), [{ a: 1 }]);
  db.prepare('alter table t add column b integer').run([]);
  db.prepare('insert into t (a) values (?)').run([2]);
  assert.deepEqual(db.prepare('select * from t').all([]), [
    { a: 1, b: null },
    { a: 2, b: null },
  ]);
  db.close();
});
