import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Kysely } from 'kysely';
import pg from 'pg';
import { SearchPathDialect } from './pg-introspector.ts';
import { connection } from './postgres.ts';

const url = process.env.ATTUNE_TEST_DATABASE_URL;

if (url) {
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const [own, other] = ['own', 'other'].map((name) => `attune_test_${name}_${randomBytes(6).toString('hex')}`);
  after(async () => {
    await admin.query(`drop schema if exists "${own}" cascade; drop schema if exists "${other}" cascade`);
    await admin.end();
  });

  test('lists only the tables of the schemas on the search path, with their columns', async () => {
    await admin.query(`create schema "${own}"; create schema "${other}";
      create table "${own}".notes (id serial primary key, body text not null, at text default 'now');
      create view "${own}".bodies as select body from "${own}".notes;
      create table "${own}".kysely_migration (name text);
      create table "${other}".secrets (id int)`);
    const pool = new pg.Pool({ ...connection(url, [`-c search_path=${own}`]), max: 1 });
    const db = new Kysely<unknown>({ dialect: new SearchPathDialect({ pool }) });
    try {
      const column = { dataTypeSchema: 'pg_catalog', isAutoIncrementing: false };
      assert.deepEqual(await db.introspection.getTables(), [
        {
          name: 'bodies',
          schema: own,
          isView: true,
          columns: [{ ...column, name: 'body', dataType: 'text', isNullable: true, hasDefaultValue: false }],
        },
        {
          name: 'notes',
          schema: own,
          isView: false,
          columns: [
            {
              ...column,
              name: 'id',
              dataType: 'int4',
              isNullable: false,
              hasDefaultValue: true,
              isAutoIncrementing: true,
            },
            { ...column, name: 'body', dataType: 'text', isNullable: false, hasDefaultValue: false },
            { ...column, name: 'at', dataType: 'text', isNullable: true, hasDefaultValue: true },
          ],
        },
      ]);
      const withKysely = await db.introspection.getTables({ withInternalKyselyTables: true });
      assert.deepEqual(
        withKysely.map((table) => table.name),
        ['bodies', 'kysely_migration', 'notes'],
      );
      // a schema dropped by another client while we look (what made the stock introspector fail) is not read
      await admin.query(`drop schema "${other}" cascade`);
      assert.equal((await db.introspection.getTables()).length, 2);
    } finally {
      await db.destroy();
    }
  });
}
