import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { runStoreContract } from './contract.ts';
import { connection, openPostgresStore } from './postgres.ts';
import { ALL } from './scope.ts';

test('options in the URL are kept, and ours (the statement timeout) are added after them', () => {
  assert.deepEqual(connection('postgres://u@h/db', ['-c statement_timeout=5']), {
    connectionString: 'postgres://u@h/db',
    options: '-c statement_timeout=5',
  });
  assert.deepEqual(
    connection('postgres://u:p@h:5433/db?sslmode=disable&options=-c search_path=cx', ['-c statement_timeout=5']),
    {
      connectionString: 'postgres://u:p@h:5433/db?sslmode=disable',
      options: '-c search_path=cx -c statement_timeout=5',
    },
  );
});

const url = process.env.ATTUNE_TEST_DATABASE_URL;

if (url) {
  // Each store gets its own schema, dropped when the file's tests end.
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const schemas: string[] = [];
  after(async () => {
    for (const schema of schemas) await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });
  const freshSchema = async () => {
    const schema = `attune_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return schema;
  };

  test('works in a schema named by the URL, beside another Attune on the search path, and creates a --schema it is given', async () => {
    const [other, own, created] = [await freshSchema(), await freshSchema(), await freshSchema()];
    await admin.query(`create schema "${other}"; create schema "${own}"`);
    const neighbour = openPostgresStore(url, { schema: other });
    await neighbour.migrate();
    await neighbour.createKey({ name: 'neighbour', role: 'admin' });
    const byUrl = openPostgresStore(`${url}${url.includes('?') ? '&' : '?'}options=-c search_path=${own},${other}`);
    await byUrl.migrate();
    await byUrl.migrate();
    await byUrl.createKey({ name: 'own', role: 'admin' });
    assert.deepEqual(
      (await byUrl.listKeys()).map((k) => k.name),
      ['own'],
    );
    assert.deepEqual(
      (await neighbour.listKeys()).map((k) => k.name),
      ['neighbour'],
    );
    const bySetting = openPostgresStore(url, { schema: created });
    await bySetting.migrate();
    assert.deepEqual(await bySetting.listConversations(ALL, {}, {}), { items: [], nextCursor: null });
    const { rows } = await admin.query(
      `select table_schema as schema, count(*)::int as tables from information_schema.tables where table_schema = any($1) group by 1 order by 1`,
      [[other, own, created]],
    );
    assert.deepEqual(
      rows,
      [other, own, created].sort().map((schema) => ({ schema, tables: 13 })),
    );
    await Promise.all([neighbour.close(), byUrl.close(), bySetting.close()]);
  });

  runStoreContract('postgres', async () => {
    const schema = `attune_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`create schema "${schema}"`);
    schemas.push(schema);
    return openPostgresStore(url, { schema });
  });
} else if (process.env.CI) {
  test('store contract: postgres', () => {
    throw new Error('ATTUNE_TEST_DATABASE_URL is not set; CI must run the PostgreSQL contract suite');
  });
} else {
  test.skip('store contract: postgres (set ATTUNE_TEST_DATABASE_URL=postgres://… to run it)', () => {});
}
