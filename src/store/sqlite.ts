import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.ts';
import { createStore } from './create.ts';
import { cachingDatabase } from './statement-cache.ts';
import type { StoreOptions } from './options.ts';
import type { Store } from './store.ts';
import type { Database } from './tables.ts';

const inMemory = (file: string) => file === '' || file === ':memory:' || file.startsWith('file::memory:');

/**
 * The embedded store: one SQLite file (or ':memory:'), zero setup. WAL lets readers run
 * while a batch is written; synchronous=NORMAL in WAL mode still keeps every committed batch
 * when the process is killed (only a power cut can lose the last commits). A file's log is
 * checkpointed by a background thread, so commits on the caller's thread stay short.
 * Call `migrate()` before use.
 */
export function openSqliteStore(file: string, options: StoreOptions = {}): Store {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  // deleted rows are overwritten, not left in free pages: erasure must erase
  database.pragma('secure_delete = ON');
  database.pragma('cache_size = -65536'); // 64 MiB: metrics and edge-day scans stay in memory
  const checkpointer = inMemory(file) ? null : startCheckpointer(file);
  if (checkpointer) database.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(database) }) });
  const store = createStore(db, 'sqlite', options);
  return {
    ...store,
    close: async () => {
      await store.close();
      await checkpointer?.stop();
    },
  };
}
