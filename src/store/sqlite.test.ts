import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runStoreContract } from './contract.ts';
import { openSqliteStore } from './sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'attune-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract('sqlite file', async () => openSqliteStore(join(dir, 'attune.db')));
runStoreContract('sqlite :memory:', async () => openSqliteStore(':memory:'));
// as the server runs it: ingest batches written by a thread with its own connection, everything else on this one
runStoreContract('sqlite file, writer thread', async () =>
  openSqliteStore(join(dir, 'writer.db'), {}, { writerThread: true }),
);
