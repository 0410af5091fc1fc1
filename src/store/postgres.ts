import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createStore } from './create.ts';
import type { Store, StoreOptions } from './store.ts';
import type { Database } from './tables.ts';

export interface PostgresOptions extends StoreOptions {
  /** A schema to work in (it must exist); the default is the server's search_path. */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
}

/**
 * The shared store for teams: a PostgreSQL database at `url` (a `postgres://` connection
 * string). Connections are opened lazily, so a database that is down makes calls reject
 * (and `ping()` fail) rather than this function. Call `migrate()` before use.
 */
export function openPostgresStore(url: string, options: PostgresOptions = {}): Store {
  const { schema, max, ...storeOptions } = options;
  const pool = new pg.Pool({
    connectionString: url,
    max: max ?? 10,
    ...(schema ? { options: `-c search_path="${schema.replaceAll('"', '""')}"` } : {}),
  });
  // A client losing its connection, idle or mid-query, must not crash the process: the query
  // in flight is still rejected (the server answers 503) and the next one reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return createStore(db, 'postgres', storeOptions);
}
