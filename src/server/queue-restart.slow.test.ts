import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Conversation } from '../core/schema/index.ts';
import { exampleConversations } from './testing.ts';

// The queue's service is PostgreSQL: it is restarted in the middle of a backfill, and the work must resume with
// nothing lost or done twice. The team's PostgreSQL is shared, so this test runs a private one (initdb in a temp dir).

const BIN = process.env.ATTUNE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the postgres user when this is root (PostgreSQL refuses to run as root). */
function pgRun(program: string, args: string[]): string {
  const [cmd, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(BIN, program), ...args]]
    : [join(BIN, program), args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });

function corpus(n: number): Conversation[] {
  const examples = exampleConversations();
  return Array.from({ length: n }, (_, i) => ({ ...examples[i % examples.length]!, id: `r-${i}` }));
}

if (!existsSync(join(BIN, 'initdb'))) {
  if (process.env.CI)
    test('queue service restart', () => {
      throw new Error(`no PostgreSQL binaries at ${BIN} (set ATTUNE_PG_BIN); CI must run this test`);
    });
  else test.skip(`queue service restart (no PostgreSQL binaries at ${BIN}; set ATTUNE_PG_BIN)`, () => {});
} else {
  const dir = mkdtempSync(join(tmpdir(), 'attune-pg-'));
  const data = join(dir, 'data');
  let port = 0;
  let url = '';
  const ctl = (...args: string[]) =>
    pgRun('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      ...args,
    ]);

  before(async () => {
    chmodSync(dir, 0o777);
    pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    port = await freePort();
    ctl('start');
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  });
  after(() => {
    try {
      ctl('stop', '-m', 'immediate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const count = async (sql: string): Promise<number> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query(sql)).rows[0].n);
    } finally {
      await client.end();
    }
  };

  test('PostgreSQL (the queue service) restarted mid-backfill: the work resumes, 0 conversations lost, 0 duplicated', async () => {
    const total = 600;
    const file = join(dir, 'backfill.jsonl');
    writeFileSync(
      file,
      corpus(total)
        .map((c) => JSON.stringify(c))
        .join('\n') + '\n',
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'backfill', file, '--database', url, '--workers', '2', '--batch', '20'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ATTUNE_LOG: 'off',
          DATABASE_URL: '',
          ATTUNE_QUEUE_EXPIRE_SECONDS: '5',
          ATTUNE_QUEUE_MAINTENANCE_SECONDS: '1',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // every batch queued and some stored, most still to do: then the service goes away and comes back
    const stored = () => count('select count(*) as n from conversations').catch(() => 0);
    const queued = () => count('select coalesce(sum(size), 0) as n from attune_job_batches').catch(() => 0);
    for (let i = 0; i < 1200 && ((await queued()) < total || (await stored()) < 60); i++) await sleep(100);
    const before = await stored();
    assert.ok(before >= 60 && before < total, `restarted with ${before} of ${total} stored`);
    ctl('restart', '-m', 'fast');
    const code = await exit;
    assert.equal(code, 0, err);
    assert.deepEqual(
      [
        await count('select count(*) as n from conversations'),
        await count('select count(distinct id) as n from conversations'),
        await count('select coalesce(sum(processed), 0) as n from attune_job_batches'),
        await count('select coalesce(sum(failed), 0) as n from attune_job_batches'),
        await count('select count(*) as n from attune_job_batches where done_at is null'),
      ],
      [total, total, total, 0, 0],
    );
    assert.match(err, /retrying/, 'the restart was seen');
  });
}
