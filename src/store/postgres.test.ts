import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import pg from 'pg';
import { runStoreContract } from './contract.ts';
import { openPostgresStore } from './postgres.ts';

const url = process.env.ATTUNE_TEST_DATABASE_URL;

if (url) {
  // Each store gets its own schema, dropped when the file's tests end.
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const schemas: string[] = [];
  after(async () => {
    for (const schema of schemas) await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
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
