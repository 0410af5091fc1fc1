import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './keys.ts';

async function keys(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

test('create prints the key once, list shows it without the secret, revoke ends it', async () => {
  const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'attune-keys-')), 'a.sqlite');
  const created = await keys(['create', '--role', 'supervisor', '--name', 'lead', '--teams', 'billing, tech', '--db', db]);
  assert.equal(created.code, 0);
  const secret = created.stdout.trim();
  assert.match(secret, /^atn_[A-Za-z0-9_-]{40,}$/);
  const listed = await keys(['list', '--db', db]);
  const [key] = listed.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual({ ...key, id: 'x', createdAt: 'x' }, { id: 'x', name: 'lead', role: 'supervisor', teams: ['billing', 'tech'], agentId: null, createdAt: 'x', revokedAt: null });
  assert.equal(listed.stdout.includes(secret), false, 'the secret is never shown again');
  assert.equal((await keys(['revoke', key.id, '--db', db])).code, 0);
  assert.deepEqual(await keys(['revoke', 'key_nope', '--db', db]), { code: 1, stdout: '', stderr: 'no key key_nope\n' });
});

test('a bad role or flag is one clear message and exit 64', async () => {
  const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'attune-keys-')), 'a.sqlite');
  assert.deepEqual(await keys(['create', '--role', 'boss', '--db', db]), {
    code: 64, stdout: '', stderr: 'attune keys create: --role: Invalid option: expected one of "admin"|"analyst"|"supervisor"|"agent"\n',
  });
  const unknown = await keys(['create', '--colour', 'red']);
  assert.equal(unknown.code, 64);
  assert.match(unknown.stderr, /^attune keys: unknown option --colour\n/);
});
