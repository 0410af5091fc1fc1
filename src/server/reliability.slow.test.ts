import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite.ts';
import { conversation } from './testing.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Starts `src/server/main.ts` on a free loopback port and resolves with its URL once it listens. */
function startChild(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/server/main.ts', '--port', '0', '--host', '127.0.0.1', '--db', db],
    {
      cwd: ROOT,
      env: { ...process.env, ATTUNE_LOG: 'off', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${err}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

async function allIds(url: string, key: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await fetch(`${url}/v1/conversations?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const page = (await response.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

test('SIGKILL in the middle of a batch ingest loses no acknowledged conversation and duplicates none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-kill-'));
  const db = join(dir, 'attune.sqlite');
  const setup = openSqliteStore(db);
  await setup.migrate();
  const { secret } = await setup.createKey({ name: 'loader', role: 'admin' });
  await setup.close();
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const batch = (n: number) => Array.from({ length: 25 }, (_, i) => conversation(`b${n}-${i}`));

  const first = await startChild(db);
  const acknowledged: string[] = [];
  try {
    // Two requests in flight at once; the kill lands while at least one batch is being written.
    let next = 0;
    const sender = async () => {
      while (next < 40 && acknowledged.length < 6 * 25) {
        const n = next++;
        const response = await fetch(`${first.url}/v1/conversations`, {
          method: 'POST',
          headers,
          body: JSON.stringify(batch(n)),
        }).catch(() => null);
        if (response?.status === 200)
          acknowledged.push(
            ...((await response.json()) as { accepted: Array<{ id: string }> }).accepted.map((a) => a.id),
          );
        if (acknowledged.length >= 6 * 25 && first.child.exitCode === null) first.child.kill('SIGKILL');
      }
    };
    await Promise.all([sender(), sender()]);
  } finally {
    first.child.kill('SIGKILL');
    await exited(first.child);
  }

  const second = await startChild(db);
  try {
    const stored = await allIds(second.url, secret);
    assert.equal(new Set(stored).size, stored.length, 'no conversation is stored twice');
    assert.deepEqual(
      acknowledged.filter((id) => !stored.includes(id)),
      [],
      'every acknowledged conversation survived',
    );
    // A client retrying a batch it never saw acknowledged must not create duplicates either.
    const retry = await fetch(`${second.url}/v1/conversations`, {
      method: 'POST',
      headers,
      body: JSON.stringify(batch(0)),
    });
    const after = await allIds(second.url, secret);
    assert.deepEqual(
      [retry.status, new Set(after).size === after.length, after.length >= acknowledged.length],
      [200, true, true],
    );
  } finally {
    second.child.kill('SIGTERM');
    await exited(second.child);
    rmSync(dir, { recursive: true, force: true });
  }
});
