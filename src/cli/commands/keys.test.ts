import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from '../../store/postgres.ts';
import { run } from './keys.ts';

async function keys(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

test('create prints the key once, list shows it without the secret, revoke ends it', async () => {
  const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'attune-keys-')), 'a.sqlite');
  const created = await keys([
    'create',
    '--role',
    'supervisor',
    '--name',
    'lead',
    '--teams',
    'billing, tech',
    '--db',
    db,
  ]);
  assert.equal(created.code, 0);
  const secret = created.stdout.trim();
  assert.match(secret, /^atn_[A-Za-z0-9_-]{40,}$/);
  const listed = await keys(['list', '--db', db]);
  const [key] = listed.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    { ...key, id: 'x', createdAt: 'x' },
    {
      id: 'x',
      name: 'lead',
      role: 'supervisor',
      teams: ['billing', 'tech'],
      agentId: null,
      createdAt: 'x',
      revokedAt: null,
    },
  );
  assert.equal(listed.stdout.includes(secret), false, 'the secret is never shown again');
  assert.equal((await keys(['revoke', key.id, '--db', db])).code, 0);
  assert.deepEqual(await keys(['revoke', 'key_nope', '--db', db]), {
    code: 1,
    stdout: '',
    stderr: `attune keys: database SQLite ${db}\nno key key_nope\n`,
  });
});

test('a bad role or flag is one clear message and exit 64', async () => {
  const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'attune-keys-')), 'a.sqlite');
  assert.deepEqual(await keys(['create', '--role', 'boss', '--db', db]), {
    code: 64,
    stdout: '',
    stderr: `attune keys: database SQLite ${db}\nattune keys create: --role: Invalid option: expected one of "admin"|"analyst"|"supervisor"|"agent"\n`,
  });
  const unknown = await keys(['create', '--colour', 'red']);
  assert.equal(unknown.code, 64);
  assert.match(unknown.stderr, /^attune keys: unknown option --colour\n/);
});

const url = process.env.ATTUNE_TEST_DATABASE_URL;

test(
  'on PostgreSQL, a key goes to the schema the server will use, and the database is named without its password',
  { skip: !url && !process.env.CI && 'ATTUNE_TEST_DATABASE_URL is not set' },
  async () => {
    const schema = `attune_keys_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const created = await keys(['create', '--role', 'admin', '--db', url!, '--schema', schema]);
      assert.equal(created.code, 0, created.stderr);
      const withoutPassword = url!.replace(/^(postgres(?:ql)?:\/\/[^:@/]+):[^@/]*@/, '$1@');
      assert.equal(
        created.stderr.split('\n')[0],
        `attune keys: database PostgreSQL ${withoutPassword} (schema ${schema})`,
      );
      const store = openPostgresStore(url!, { schema });
      await store.migrate();
      assert.equal((await store.findKey(created.stdout.trim()))?.role, 'admin');
      await store.close();
    } finally {
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  },
);
