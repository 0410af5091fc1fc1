import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createStore } from './create.ts';
import type { Store, StoreOptions } from './store.ts';
import type { Database } from './tables.ts';

/**
 * The embedded store: one SQLite file (or ':memory:'), zero setup. WAL lets readers run
 * while a batch is written; synchronous=NORMAL in WAL mode still keeps every committed batch
 * when the process is killed (only a power cut can lose the last commits).
 * Call `migrate()` before use.
 */
export function openSqliteStore(file: string, options: StoreOptions = {}): Store {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536'); // 64 MiB: metrics and edge-day scans stay in memory
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return createStore(db, 'sqlite', options);
}
