import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cells, insertStatement, upsertStatement, whereInStatement } from './write-sql.ts';

test('statements are spelled per dialect and row count, parameters in column order', () => {
  const upsert = upsertStatement('metrics_rollup', ['dim', 'n'], ['dim'], ['n'], 'add');
  assert.equal(
    upsert('sqlite', 2),
    'insert into "metrics_rollup" ("dim", "n") values (?, ?), (?, ?) on conflict ("dim") do update set "n" = "metrics_rollup"."n" + "excluded"."n"',
  );
  assert.equal(
    upsert('postgres', 2),
    'insert into "metrics_rollup" ("dim", "n") values ($1, $2), ($3, $4) on conflict ("dim") do update set "n" = "metrics_rollup"."n" + "excluded"."n"',
  );
  const replace = upsertStatement('conversations', ['id', 'team'], ['id'], ['team'], 'replace');
  assert.equal(
    replace('sqlite', 1),
    'insert into "conversations" ("id", "team") values (?, ?) on conflict ("id") do update set "team" = "excluded"."team"',
  );
  assert.equal(
    insertStatement('moments', ['turn'])('postgres', 3),
    'insert into "moments" ("turn") values ($1), ($2), ($3)',
  );
  assert.equal(
    whereInStatement('select', 'conversations', 'id', ['day', 'team'])('postgres', 2),
    'select "day", "team" from "conversations" where "id" in ($1, $2)',
  );
  assert.equal(
    whereInStatement('delete', 'moments', 'conversation_id')('sqlite', 3),
    'delete from "moments" where "conversation_id" in (?, ?, ?)',
  );
  assert.deepEqual(
    cells(
      [
        { id: 'a', team: null, n: 1 },
        { id: 'b', team: 'x', n: undefined },
      ],
      ['id', 'team', 'n'],
    ),
    ['a', null, 1, 'b', 'x', null],
  );
});
