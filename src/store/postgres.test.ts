import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { runStoreContract } from './contract.ts';
import { connection, openPostgresStore } from './postgres.ts';
import { storedCustomerId } from '../core/privacy/pseudonym.ts';
import { hmacHex } from './hash-key.ts';
import { openLiveJournal, type LiveOpening, type LiveStep } from './live-sessions.ts';
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

const opening = (customer: string): LiveOpening => ({
  conversation: { id: `conv-${customer}`, channel: 'chat', customer: { id: customer } },
  earlier: [],
  redacted: true,
});
const step = (at: number): LiveStep => ({
  turn: { seq: at, role: 'customer', text: 'hello' },
  tick: false,
  at,
  events: [],
});

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

  test("stores conversations' JSON compressed with lz4, on connections named for the process", async () => {
    const schema = await freshSchema();
    const store = openPostgresStore(url, { schema, applicationName: 'attune-test-lz4' });
    await store.migrate();
    const { rows } = await admin.query(
      `select a.attname as column, a.attcompression as compression from pg_attribute a
       where a.attrelid = $1::regclass and a.attname like '%_json' order by 1`,
      [`"${schema}".conversations`],
    );
    assert.deepEqual(rows, [
      { column: 'analysis_json', compression: 'l' },
      { column: 'contact_json', compression: 'l' },
      { column: 'conversation_json', compression: 'l' },
    ]);
    const named = await admin.query(`select count(*)::int as n from pg_stat_activity where application_name = $1`, [
      'attune-test-lz4',
    ]);
    assert.ok(named.rows[0].n >= 1);
    await store.close();
  });

  runStoreContract('postgres', async () => {
    const schema = `attune_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`create schema "${schema}"`);
    schemas.push(schema);
    return openPostgresStore(url, { schema });
  });

  test('erasing a customer deletes their open live sessions with their steps (by the id as sent or as stored); the nodes holding them find them gone', async () => {
    const schema = await freshSchema();
    const store = openPostgresStore(url, { schema });
    const journal = openLiveJournal(url, { schema });
    try {
      await store.migrate();
      await journal.migrate();
      const pseudonym = storedCustomerId('jane.doe@example.com', hmacHex(await store.hashKey()));
      // one session under the id as stored (pseudonymised), one journaled before openings were (the id as sent)
      await journal.create('s-jane', 'key-1', opening(pseudonym));
      await journal.create('s-jane-old', 'key-1', opening('jane.doe@example.com'));
      await journal.create('s-other', 'key-1', opening('cust-other'));
      for (const id of ['s-jane', 's-jane-old', 's-other'])
        assert.equal(await journal.append(id, 1, 0, [step(1)]), 'stored');

      assert.deepEqual(await store.eraseCustomer('jane.doe@example.com'), { conversations: 0, moments: 0, reviews: 0 });

      const left = await admin.query(
        `select s.id, count(t.n)::int as steps from "${schema}".attune_live_sessions s
         left join "${schema}".attune_live_steps t on t.session_id = s.id group by s.id`,
      );
      assert.deepEqual(left.rows, [{ id: 's-other', steps: 1 }]);
      const orphans = await admin.query(
        `select count(*)::int as n from "${schema}".attune_live_steps where session_id like 's-jane%'`,
      );
      assert.equal(orphans.rows[0].n, 0);
      // the node holding them: its next write is refused as gone, its touch names them
      assert.equal(await journal.append('s-jane', 1, 1, [step(2)]), 'gone');
      assert.deepEqual(
        await journal.touch([
          { id: 's-jane', epoch: 1 },
          { id: 's-other', epoch: 1 },
        ]),
        ['s-jane'],
      );
      // a session taken over by another node is not gone
      assert.ok(await journal.claim('s-other', 'key-1'));
      assert.equal(await journal.append('s-other', 1, 1, [step(2)]), 'taken');
      assert.deepEqual(await journal.touch([{ id: 's-other', epoch: 1 }]), []);
    } finally {
      await journal.close();
      await store.close();
    }
  });

  test('an erasure on a database that never served live sessions (no journal) erases as before', async () => {
    const schema = await freshSchema();
    const store = openPostgresStore(url, { schema });
    try {
      await store.migrate();
      assert.deepEqual(await store.eraseCustomer('cust-none'), { conversations: 0, moments: 0, reviews: 0 });
    } finally {
      await store.close();
    }
  });
} else if (process.env.CI) {
  test('store contract: postgres', () => {
    throw new Error('ATTUNE_TEST_DATABASE_URL is not set; CI must run the PostgreSQL contract suite');
  });
} else {
  test.skip('store contract: postgres (set ATTUNE_TEST_DATABASE_URL=postgres://… to run it)', () => {});
}
