import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Enough for every statement shape ingest and the API send, including multi-row inserts of each batch size seen. */
export const DEFAULT_STATEMENT_CACHE = 256;

/**
 * The better-sqlite3 database as Kysely's SqliteDialect sees it, with `prepare(sql)` memoised in
 * a bounded LRU. Kysely prepares every statement it sends, and on SQLite preparing costs about as
 * much as running one (more for the wide multi-row upserts of ingest). Sharing a statement is
 * safe because Kysely runs one query at a time on the single SQLite connection, and SQLite
 * re-prepares a cached statement by itself after a schema change.
 */
export function cachingDatabase(database: SQLite.Database, capacity = DEFAULT_STATEMENT_CACHE): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql) {
      let statement = cache.get(sql);
      if (statement) {
        // Re-inserting moves the entry to the newest end of the Map's insertion order.
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
