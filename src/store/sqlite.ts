import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.ts';
import { createStore } from './create.ts';
import { startSqliteWriter } from './sqlite-writer.ts';
import { cachingDatabase } from './statement-cache.ts';
import { StoreOptions } from './options.ts';
import type { Store } from './store.ts';
import type { Database } from './tables.ts';

const inMemory = (file: string) => file === '' || file === ':memory:' || file.startsWith('file::memory:');

/** A connection to a SQLite file with Attune's settings. */
function connect(file: string): SQLite.Database {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  // deleted rows are overwritten, not left in free pages: erasure must erase
  database.pragma('secure_delete = ON');
  database.pragma('cache_size = -65536'); // 64 MiB: metrics and edge-day scans stay in memory
  return database;
}

/**
 * Kysely over a driver whose transactions take the write lock when they begin ("begin immediate"): with a
 * writer thread's connection beside this one, a transaction that reads and then writes would otherwise fail
 * with SQLITE_BUSY when the other commits in between, where waiting (busy_timeout) is what is wanted.
 */
function kyselyOf(database: SQLite.Database): Kysely<Database> {
  const cached = cachingDatabase(database);
  const prepare = cached.prepare.bind(cached);
  return new Kysely<Database>({
    dialect: new SqliteDialect({
      database: { ...cached, prepare: (sql) => prepare(sql === 'begin' ? 'begin immediate' : sql) },
    }),
  });
}

/** A Kysely connection to an existing SQLite file, as the writer thread opens it. */
export function openSqliteDatabase(file: string): Kysely<Database> {
  return kyselyOf(connect(file));
}

/**
 * The embedded store: one SQLite file (or ':memory:'), zero setup. WAL lets readers run
 * while a batch is written; synchronous=NORMAL in WAL mode still keeps every committed batch
 * when the process is killed (only a power cut can lose the last commits). A file's log is
 * checkpointed by a background thread, so commits on the caller's thread stay short. With
 * `writerThread` (what the server uses), ingest batches are written by a thread of their own.
 * Call `migrate()` before use.
 */
export function openSqliteStore(file: string, options: StoreOptions = {}, { writerThread = false } = {}): Store {
  const database = connect(file);
  const checkpointer = inMemory(file) ? null : startCheckpointer(file);
  if (checkpointer) database.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const db = kyselyOf(database);
  const store = createStore(db, 'sqlite', options);
  const writer = writerThread && !inMemory(file) ? startSqliteWriter(file, StoreOptions.parse(options).shifts) : null;
  return {
    ...store,
    ...(writer ? { saveAnalysed: writer.saveAnalysed } : {}),
    close: async () => {
      await writer?.close();
      await store.close();
      await checkpointer?.stop();
    },
  };
}
